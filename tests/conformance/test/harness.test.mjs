// Checks the harness's own oracles, so that a passing conformance run means something: the handshake
// parser, the stderr and Prometheus checkers, and the folded-stack oracle — against a hand-computed
// profile and, when Go is installed, against `go tool pprof -raw` reading the synthetic profile.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHandshake } from '../lib/plugin-process.mjs';
import { stderrProblems } from '../lib/stderr-log.mjs';
import { parsePrometheusText, histogramProblems } from '../lib/prometheus.mjs';
import { buildSyntheticProfile, encodeProfile, expectedFolded } from '../lib/synthetic-pprof.mjs';

describe('harness oracles', () => {
  it('handshake parsing follows go-plugin', () => {
    assert.equal(parseHandshake('1|2|tcp|127.0.0.1:10000|grpc\n').target, '127.0.0.1:10000');
    assert.equal(parseHandshake('1|2|tcp|127.0.0.1:10000|grpc|').target, '127.0.0.1:10000');
    assert.equal(parseHandshake('1|2|unix|/tmp/plugin123|grpc|').target, 'unix:/tmp/plugin123');
    assert.throws(() => parseHandshake('1|2|tcp|127.0.0.1:1'), /netrpc/);
    assert.throws(() => parseHandshake('1|2|tcp'), /Unrecognized/);
    assert.throws(() => parseHandshake('2|2|tcp|127.0.0.1:1|grpc'), /core protocol/);
    assert.throws(() => parseHandshake('1|1|tcp|127.0.0.1:1|grpc'), /app protocol/);
    assert.throws(() => parseHandshake('1|2|udp|127.0.0.1:1|grpc'), /unknown address type/);
    assert.throws(() => parseHandshake(`1|2|tcp|127.0.0.1:1|grpc|${'A'.repeat(51)}`), /AutoMTLS/);
    assert.throws(() => parseHandshake('info: Microsoft.Hosting.Lifetime[0]'), /Unrecognized/);
  });

  it('stderr lines are judged as go-plugin parses them', () => {
    assert.deepEqual(stderrProblems([
      '{"@level":"info","@message":"ok"}',
      '{"@level":"debug","@message":"ok","@timestamp":"2026-08-20T10:00:00.123456Z"}',
      '{"@level":"error","@message":"ok","@timestamp":"2026-08-20T10:00:00.123456+02:00"}',
    ]), []);
    const problems = stderrProblems([
      'info: Microsoft.Hosting.Lifetime[0]',
      '{"@level":"warning","@message":"x"}',
      '{"@level":"info"}',
      '{"@level":"info","@message":"x","@timestamp":"2026-08-20T10:00:00.123Z"}',
      '[1,2]',
    ]);
    assert.equal(problems.length, 5, problems.join('\n'));
  });

  it('Prometheus text is parsed strictly', () => {
    const families = parsePrometheusText([
      '# HELP requests_total Requests.',
      '# TYPE requests_total counter',
      'requests_total{route="a/b",status="200"} 3',
      'requests_total{route="x\\"y",status="404"} 1e0',
      '# TYPE latency histogram',
      'latency_bucket{le="+Inf"} 2',
      'latency_sum 0.5',
      'latency_count 2',
      'up 1',
    ].join('\n'));
    assert.deepEqual(families.get('requests_total').samples.map((s) => [s.labels.route, s.value]), [['a/b', 3], ['x"y', 1]]);
    assert.equal(families.get('latency').samples.length, 3);
    assert.throws(() => parsePrometheusText('requests_total{route=a} 1'), /not quoted/);
    assert.throws(() => parsePrometheusText('requests_total 1 2 3'), /not "name/);
    assert.throws(() => parsePrometheusText('x 1\n# TYPE x counter'), /TYPE after samples/);
    assert.throws(() => parsePrometheusText('x abc'), /not a number/);
    assert.deepEqual(histogramProblems(families.get('latency')), []);
    const bad = parsePrometheusText('# TYPE h histogram\nh_bucket{le="1"} 3\nh_bucket{le="2"} 2\nh_bucket{le="+Inf"} 4\nh_count 5\n');
    assert.equal(histogramProblems(bad.get('h')).length, 3);
  });

  it('folded oracle: a hand-computed profile', () => {
    const strings = ['', 'main', 'work', 'inner', 'samples', 'count', 'cpu', 'nanoseconds'];
    const profile = {
      sample_type: [{ type: 4, unit: 5 }, { type: 6, unit: 7 }],
      function: [{ id: 1, name: 1 }, { id: 2, name: 2 }, { id: 3, name: 3 }, { id: 4, name: 0 }],
      location: [
        { id: 1, address: 0x10, line: [{ function_id: 2 }] },
        { id: 2, address: 0x20, line: [{ function_id: 3 }, { function_id: 1 }] }, // inner inlined into main
        { id: 3, address: 0xabc, line: [] },
        { id: 4, address: 0x40, line: [{ function_id: 4 }] },
      ],
      sample: [
        { location_id: [1, 2], value: [1, 100] },
        { location_id: [3, 2], value: [1, 50] },
        { location_id: [4], value: [2, 0] },
        { location_id: [4], value: [1, 7] },
        { location_id: [1, 2], value: [1, 5] },
        { location_id: [3], value: [1, 0] },
      ],
      string_table: strings,
    };
    assert.deepEqual(expectedFolded(profile), ['0x40 7', 'main;inner;0xabc 50', 'main;inner;work 105']);
    assert.deepEqual(expectedFolded({ ...profile, default_sample_type: 4 }), ['0x40 3', '0xabc 1', 'main;inner;0xabc 1', 'main;inner;work 2']);
  });

  it('folded oracle agrees with go tool pprof on the encoded synthetic profile', (t) => {
    if (spawnSync('go', ['version']).status !== 0) {
      t.skip('go is not installed; the pprof cross-check needs `go tool pprof`');
      return;
    }
    const profile = buildSyntheticProfile({ samples: 2_000, functions: 300, locations: 600, seed: 7 });
    const dir = mkdtempSync(join(tmpdir(), 'hotpath-pprof-'));
    try {
      writeFileSync(join(dir, 'p.pb.gz'), encodeProfile(profile));
      const run = spawnSync('go', ['tool', 'pprof', '-raw', join(dir, 'p.pb.gz')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(foldRaw(run.stdout), expectedFolded(profile));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Folds `pprof -raw` output (last sample type) by the same contract, from pprof's own decoding. */
function foldRaw(text) {
  const lines = text.split('\n');
  const samples = [];
  const locations = new Map();
  let section = '';
  let current = null;
  for (const line of lines) {
    if (/^(Samples|Locations|Mappings):?$/.test(line.trim())) { section = line.trim().replace(':', ''); continue; }
    if (section === 'Samples') {
      const m = /^\s*((?:-?\d+\s+)+?)(-?\d+):((?:\s+\d+)*)\s*$/.exec(line);
      if (m) samples.push({ value: BigInt(m[2]), ids: m[3].trim().split(/\s+/).filter(Boolean).map(Number) });
    } else if (section === 'Locations') {
      const head = /^\s*(\d+): 0x([0-9a-f]+) M=\d+ ?(.*)$/.exec(line);
      if (head) {
        current = { address: head[2], names: [] };
        locations.set(Number(head[1]), current);
        if (head[3] !== '') current.names.push(/^(.*) \S+:\d+ s=\S*$/.exec(head[3])[1]);
      } else if (current && line.trim() !== '') {
        current.names.push(/^\s*(.*) \S+:\d+ s=\S*$/.exec(line)[1]);
      }
    }
  }
  const sums = new Map();
  for (const s of samples) {
    const frames = [];
    for (const id of [...s.ids].reverse()) {
      const loc = locations.get(id);
      const hex = `0x${BigInt(`0x${loc.address}`).toString(16)}`;
      if (loc.names.length === 0) frames.push(hex);
      for (const name of [...loc.names].reverse()) frames.push(name === '' ? hex : name);
    }
    const key = frames.join(';');
    sums.set(key, (sums.get(key) ?? 0n) + s.value);
  }
  return [...sums].filter(([, v]) => v !== 0n).map(([k, v]) => `${k} ${v}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
