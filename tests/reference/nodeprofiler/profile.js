// Makes fresh profiles with @datadog/pprof (the profiler @pyroscope/nodejs uses): a wall-time
// profile of a recursive workload, and a sampled heap profile. Writes
// wall.pb.gz and heap.pb.gz (already gzip-encoded by the library) into the given folder.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const pprof = require('@datadog/pprof');

function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

function allocate(kept) {
  kept.push(new Array(500).fill(kept.length));
}

async function main() {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node profile.js OUTDIR');
    process.exit(2);
  }
  pprof.heap.start(64 * 1024, 64);
  pprof.time.start({ durationMillis: 2000, intervalMicros: 1000 });
  const kept = [];
  const until = Date.now() + 1000;
  while (Date.now() < until) {
    fib(20);
    allocate(kept);
  }
  const wall = pprof.time.stop();
  const heap = pprof.heap.profile();
  fs.writeFileSync(path.join(out, 'wall.pb.gz'), await pprof.encode(wall));
  fs.writeFileSync(path.join(out, 'heap.pb.gz'), await pprof.encode(heap));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
