// Pushes one pprof file to a running `gpx_hotpath serve` through Pyroscope's /ingest, from several
// concurrent keep-alive clients, and reports throughput and acknowledgement latency (time from
// sending the request to its 200, which serve sends only once the profile is durable).
//
// usage: node ingest-load.mjs URL FILE [pushes=2000] [clients=16]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [url, file, pushesArg = '2000', clientsArg = '16'] = process.argv.slice(2);
if (!url || !file) {
  console.error('usage: node ingest-load.mjs URL FILE [pushes] [clients]');
  process.exit(2);
}
const body = readFileSync(file);
const pushes = Number(pushesArg);
const clients = Number(clientsArg);
const startSeconds = Math.floor(Date.now() / 1000) - 3600;
const latencies = [];
let next = 0;
let failures = 0;

async function client(id) {
  for (let i = next++; i < pushes; i = next++) {
    // Distinct series and times, as many agents pushing every 15 s would.
    const from = startSeconds + Math.floor(i / clients) * 15;
    const query = `name=load.svc${i % 50}{pod=p${id}}&from=${from}&until=${from + 10}&format=pprof&spyName=gospy`;
    const t0 = performance.now();
    const response = await fetch(`${url}/ingest?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    await response.arrayBuffer();
    if (response.status !== 200) {
      failures++;
      if (failures <= 3) console.error(`push ${i}: HTTP ${response.status}`);
      continue;
    }
    latencies.push(performance.now() - t0);
  }
}

const t0 = performance.now();
await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
const seconds = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))].toFixed(1);
console.log(`${file}: ${body.length} bytes; ${pushes} pushes from ${clients} clients in ${seconds.toFixed(2)} s`);
console.log(`throughput ${(latencies.length / seconds).toFixed(0)} profiles/s; ack p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms; failures ${failures}`);
process.exit(failures === 0 ? 0 : 1);
