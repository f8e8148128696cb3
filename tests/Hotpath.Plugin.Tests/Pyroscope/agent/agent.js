// Usage: node agent.js SERVER_URL APP_NAME
// Profiles a small recursive workload with the real @pyroscope/nodejs agent, with static tags and
// dynamic labels, flushing every second; stops (which flushes the last profiles) after 3 s.
const Pyroscope = require('@pyroscope/nodejs');

const [serverAddress, appName] = process.argv.slice(2);
if (!serverAddress || !appName) {
  console.error('usage: node agent.js SERVER_URL APP_NAME');
  process.exit(2);
}

Pyroscope.init({
  serverAddress,
  appName,
  flushIntervalMs: 1000,
  tags: { region: 'eu-north', pod: 'pod-7' },
  wall: { samplingDurationMs: 1000, samplingIntervalMicros: 1000 },
  heap: { samplingIntervalBytes: 16 * 1024 },
});
Pyroscope.start();

function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

let keep = [];
function allocate() {
  keep = [];
  for (let i = 0; i < 2000; i++) keep.push({ i, text: 'x'.repeat(64) });
}

const until = Date.now() + 3000;
function burn() {
  Pyroscope.wrapWithLabels({ handler: 'checkout' }, () => {
    const end = Date.now() + 50;
    while (Date.now() < end) fib(20);
    allocate();
  });
  if (Date.now() < until) {
    setImmediate(burn);
  } else {
    Pyroscope.stop().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
  }
}
burn();
