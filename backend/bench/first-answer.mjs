// Start-up as Grafana sees it, in two steps: spawn → handshake line on stdout, and spawn → the first
// gRPC answer (grpc.health.v1.Health/Check, which go-plugin calls right after connecting). The
// handshake goes out before the host has started (Hosting/PluginListener), so the second figure is
// the one that says when the plugin can serve. Prints every run, then the medians.
//
// Usage: node backend/bench/first-answer.mjs EXE [RUNS]   (needs tests/conformance/node_modules:
//        cd tests/conformance && npm ci)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PluginProcess, grafanaEnvironment } from '../../tests/conformance/lib/plugin-process.mjs';
import { GrafanaClient } from '../../tests/conformance/lib/grafana-client.mjs';
import { types, methods } from '../../tests/conformance/lib/protocol.mjs';

const exe = resolve(process.argv[2] ?? 'dist/gpx_hotpath_linux_amd64');
const runs = Number(process.argv[3] ?? 20);
const data = mkdtempSync(join(tmpdir(), 'hotpath-first-answer-'));
const handshakes = [];
const answers = [];
try {
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const plugin = new PluginProcess(exe, grafanaEnvironment({ HOTPATH_DATA: data }));
    const line = await plugin.handshakeLine();
    const handshake = performance.now() - start;
    const client = new GrafanaClient(line.split('|')[3]);
    const { error } = await client.unary(methods.HealthCheck, types.HealthCheckRequest, types.HealthCheckResponse, { service: '' });
    const answer = performance.now() - start;
    if (error) throw new Error(`health check failed: ${error.message}`);
    client.client.close();
    plugin.child.kill('SIGKILL');
    await plugin.exited;
    handshakes.push(handshake);
    answers.push(answer);
    console.log(`handshake ${handshake.toFixed(1)} ms, first answer ${answer.toFixed(1)} ms`);
  }
} finally {
  rmSync(data, { recursive: true, force: true });
}
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const load = (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`medians over ${runs} runs: handshake ${median(handshakes).toFixed(1)} ms, first answer ${median(answers).toFixed(1)} ms (load average ${load})`);
