// Imitates Grafana against the built plugin executable (HOTPATH_PLUGIN_EXE, default dist/gpx_hotpath_linux_amd64):
// start it with Grafana's environment, read the go-plugin handshake, open go-plugin's background streams,
// then call every service Grafana calls, with bad input in between, and stop it the way Grafana does.
// The tests run in order against ONE process; the last ones check what the whole run wrote to stdout/stderr.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import grpc from '@grpc/grpc-js';
import { PluginProcess, grafanaEnvironment, parseHandshake, pluginExecutable } from '../lib/plugin-process.mjs';
import { GrafanaClient, composeHttpResponse } from '../lib/grafana-client.mjs';
import { methods, types, rawSerialize, rawDeserialize } from '../lib/protocol.mjs';
import { appContext, dataSourceContext, resourceHeaders, SECRET } from '../lib/plugin-context.mjs';
import { parsePrometheusText, histogramProblems } from '../lib/prometheus.mjs';
import { stderrProblems } from '../lib/stderr-log.mjs';
import { buildSyntheticProfile, encodeProfile, expectedFolded } from '../lib/synthetic-pprof.mjs';
import { readGrafanaFrame } from '../arrow-check.mjs';

const TEST = { timeout: 120_000 };
// Until the engine's routes are merged, HOTPATH_CONFORMANCE_WITHOUT_ENGINE=1 reports their tests as skipped.
const NEEDS_ENGINE = { ...TEST, skip: process.env.HOTPATH_CONFORMANCE_WITHOUT_ENGINE === '1' && 'HOTPATH_CONFORMANCE_WITHOUT_ENGINE=1' };

/** What a request that does not parse may be answered: grpc-go says INTERNAL, Grpc.AspNetCore UNKNOWN (with the parser's message). */
const MALFORMED_STATUSES = [grpc.status.INTERNAL, grpc.status.INVALID_ARGUMENT, grpc.status.UNKNOWN];

/** A loopback port nothing listens on (bound, then released). */
async function closedLoopbackPort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

function parseJsonBody(response, what) {
  const text = response.body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    assert.fail(`${what}: body is not JSON (${e.message}): ${text.slice(0, 300)}`);
  }
}

function header(response, name) {
  return response.headers[name.toLowerCase()]?.join(', ');
}

describe('Grafana ⇄ gpx_hotpath plugin protocol', () => {
  const storeDir = mkdtempSync(join(tmpdir(), 'hotpath-conformance-store-'));
  let plugin;
  let client;
  let handshake;
  let healthyApp;
  let brokenApp;
  /** Every CallResource made, for the metrics check: { route, method, status }. */
  const resourceCalls = [];

  before(async () => {
    const exe = pluginExecutable();
    healthyApp = appContext(
      { dataSources: [{ uid: 'embedded', name: 'Embedded store', kind: 'embedded', default: true }], storePath: storeDir },
      { apiKey: SECRET });
    const port = await closedLoopbackPort();
    brokenApp = appContext(
      {
        dataSources: [
          { uid: 'embedded', name: 'Embedded store', kind: 'embedded', default: true },
          { uid: 'pyro-closed', name: 'Closed Pyroscope', kind: 'pyroscope', url: `http://127.0.0.1:${port}`, timeoutSeconds: 5 },
        ],
        storePath: storeDir,
      },
      { 'pyro-closed.bearerToken': SECRET });

    // [plugin.hotpath-profiles-app] log_level = trace in grafana.ini reaches the plugin as GF_PLUGIN_LOG_LEVEL:
    // every log statement runs, so the stderr checks below see all of them.
    plugin = new PluginProcess(exe, grafanaEnvironment({ GF_PLUGIN_LOG_LEVEL: 'trace', GF_PATHS_DATA: storeDir }));
    handshake = parseHandshake(await plugin.handshakeLine());
    client = new GrafanaClient(handshake.target);
    client.openGoPluginStreams();
  });

  after(() => {
    client?.close();
    plugin?.kill();
    rmSync(storeDir, { recursive: true, force: true });
  });

  async function resource(context, method, url, body = Buffer.alloc(0), extraHeaders = {}) {
    const path = url.split('?')[0];
    const raw = await client.callResource({ pluginContext: context, path, method, url, headers: resourceHeaders(extraHeaders), body });
    const response = composeHttpResponse(raw);
    resourceCalls.push({ route: path, method, status: response.status });
    return response;
  }

  async function assertStillServing(after) {
    const { response, error } = await client.checkHealth(healthyApp);
    assert.equal(error, undefined, `CheckHealth failed after ${after}: ${error?.code} ${error?.details}`);
    assert.equal(response.status, 'OK', `CheckHealth after ${after}`);
    assert.ok(plugin.alive, `the process died after ${after}`);
  }

  it('prints a go-plugin handshake Grafana accepts as its first stdout line', TEST, () => {
    assert.ok(['tcp', 'unix'].includes(handshake.network));
    const first = plugin.stdoutLines()[0];
    assert.match(first, /^1\|2\|(tcp|unix)\|[^|]+\|grpc\|?$/);
  });

  it('answers grpc.health.v1.Health/Check for service "plugin" with SERVING', TEST, async () => {
    const { response, error } = await client.healthCheck('plugin');
    assert.equal(error, undefined, `${error?.code} ${error?.details}`);
    assert.equal(response.status, 'SERVING');
  });

  it('CheckHealth: OK for a working configuration, with a message and JSON-object details', TEST, async () => {
    const { response, error } = await client.checkHealth(healthyApp);
    assert.equal(error, undefined, `${error?.code} ${error?.details}`);
    assert.equal(response.status, 'OK', `message: ${response.message}`);
    assert.ok(response.message.length > 0, 'empty message');
    const details = JSON.parse(response.jsonDetails.toString('utf8'));
    assert.ok(details !== null && typeof details === 'object' && !Array.isArray(details), 'jsonDetails must be a JSON object (Grafana answers 500 otherwise)');
  });

  it('CheckHealth: ERROR naming the Pyroscope source at a closed loopback port', TEST, async () => {
    const started = performance.now();
    const { response, error } = await client.checkHealth(brokenApp);
    assert.equal(error, undefined, `${error?.code} ${error?.details}`);
    assert.equal(response.status, 'ERROR', `message: ${response.message}`);
    const details = response.jsonDetails.length ? JSON.parse(response.jsonDetails.toString('utf8')) : {};
    assert.ok(details !== null && typeof details === 'object' && !Array.isArray(details), 'jsonDetails must be a JSON object');
    assert.match(response.message, /pyro-closed|Closed Pyroscope/, 'the message must name the failing source');
    assert.ok(performance.now() - started < 10_000, 'a refused connection should fail fast');
  });

  it('CallResource GET datasources: 200 JSON listing the configured sources, no secrets', TEST, async () => {
    for (const [context, uids] of [[healthyApp, ['embedded']], [brokenApp, ['embedded', 'pyro-closed']]]) {
      const response = await resource(context, 'GET', 'datasources');
      assert.equal(response.status, 200, response.body.toString('utf8'));
      assert.match(header(response, 'Content-Type') ?? 'application/json', /^application\/json/);
      const json = parseJsonBody(response, 'datasources');
      assert.ok(Array.isArray(json.datasources), 'datasources must be an array');
      assert.deepEqual(json.datasources.map((d) => d.uid), uids);
      for (const d of json.datasources) {
        assert.equal(typeof d.name, 'string');
        assert.ok(['embedded', 'pyroscope'].includes(d.kind), `kind ${d.kind}`);
        assert.equal(typeof d.default, 'boolean');
      }
      assert.equal(json.datasources.filter((d) => d.default).length, 1, 'exactly one default source');
      assert.ok(!response.body.includes(SECRET), 'the secret leaked into the datasources response');
    }
  });

  it('CallResource GET health: 200 JSON with overall and per-source status', TEST, async () => {
    const ok = parseJsonBody(await resource(healthyApp, 'GET', 'health'), 'health');
    assert.equal(ok.status, 'ok');
    assert.deepEqual(ok.sources.map((s) => [s.uid, s.status]), [['embedded', 'ok']]);

    const response = await resource(brokenApp, 'GET', 'health');
    assert.equal(response.status, 200);
    const broken = parseJsonBody(response, 'health');
    assert.equal(broken.status, 'error');
    const down = broken.sources.find((s) => s.uid === 'pyro-closed');
    assert.ok(down, 'source "pyro-closed" missing from health');
    assert.equal(down.status, 'error');
    assert.equal(down.kind, 'pyroscope');
    assert.equal(down.name, 'Closed Pyroscope');
    assert.ok(typeof down.message === 'string' && down.message.length > 0, 'the failing source needs a message');
    assert.ok(!response.body.includes(SECRET), 'the secret leaked into the health response');
  });

  it('CallResource on an unknown path: 404 JSON with kind not_found', TEST, async () => {
    const response = await resource(healthyApp, 'GET', 'no/such/route?x=1');
    assert.equal(response.status, 404);
    const json = parseJsonBody(response, '404');
    assert.equal(json.kind, 'not_found');
    assert.ok(typeof json.message === 'string' && json.message.length > 0);
  });

  it('CallResource with a wrong method: 405 with Allow and kind method_not_allowed', TEST, async () => {
    const response = await resource(healthyApp, 'DELETE', 'datasources');
    assert.equal(response.status, 405);
    const allow = header(response, 'Allow');
    assert.ok(allow && /\bGET\b/.test(allow), `Allow header: ${allow}`);
    const json = parseJsonBody(response, '405');
    assert.equal(json.kind, 'method_not_allowed');
    assert.ok(typeof json.message === 'string' && json.message.length > 0);
  });

  it('CallResource keeps the query string out of the route, and answers the bare /resources path', TEST, async () => {
    const withQuery = await resource(healthyApp, 'GET', 'datasources?from=now-1h&to=now');
    assert.equal(withQuery.status, 200);
    const bare = await resource(healthyApp, 'GET', '');
    assert.ok(bare.status >= 200 && bare.status < 500, `GET /resources: ${bare.status} ${bare.body.toString('utf8').slice(0, 200)}`);
  });

  it('applies new settings when lastUpdatedMS changes', TEST, async () => {
    const before = appContext({ dataSources: [{ uid: 'embedded', kind: 'embedded' }], storePath: storeDir }, {}, 1_000);
    const later = appContext({ dataSources: [{ uid: 'embedded', kind: 'embedded' }, { uid: 'later', kind: 'pyroscope', url: 'http://127.0.0.1:9' }], storePath: storeDir }, {}, 2_000);
    const uids = async (ctx) => parseJsonBody(await resource(ctx, 'GET', 'datasources'), 'datasources').datasources.map((d) => d.uid);
    assert.deepEqual(await uids(before), ['embedded']);
    assert.deepEqual(await uids(later), ['embedded', 'later']);
  });

  it('honours the caller\'s deadline: a CheckHealth waiting on a silent Pyroscope is cancelled, its connection closed', TEST, async () => {
    // A server that accepts connections and never answers: the plugin's request can only end by cancellation.
    const sockets = [];
    const silent = createServer((socket) => {
      const entry = { socket, openedAt: performance.now(), closedAt: null, firstBytes: '' };
      sockets.push(entry);
      socket.on('data', (d) => { if (entry.firstBytes.length < 60) entry.firstBytes += d.toString('latin1').slice(0, 60); });
      socket.on('close', () => { entry.closedAt = performance.now(); });
      socket.on('error', () => {});
    });
    await new Promise((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const ctx = appContext({ dataSources: [{ uid: 'silent', name: 'Silent Pyroscope', kind: 'pyroscope', url: `http://127.0.0.1:${silent.address().port}`, timeoutSeconds: 30 }], storePath: storeDir });
      const started = performance.now();
      const { error } = await client.unary(methods.CheckHealth, types.CheckHealthRequest, types.CheckHealthResponse, { pluginContext: ctx, headers: {} }, 1_000);
      assert.equal(error?.code, grpc.status.DEADLINE_EXCEEDED, `got ${error?.code} ${error?.details}`);
      assert.ok(sockets.length > 0, 'the plugin never connected to the silent Pyroscope');
      // A connection that carried the request must be closed by the cancellation; an idle pooled one may stay.
      const inFlight = () => sockets.filter((s) => s.closedAt === null && s.firstBytes.length > 0);
      while (inFlight().length > 0 && performance.now() - started < 5_000) await new Promise((r) => setTimeout(r, 50));
      const open = inFlight().length;
      const seen = sockets.map((s) => `opened +${Math.round(s.openedAt - started)} ms, ${s.closedAt === null ? 'still open' : `closed +${Math.round(s.closedAt - started)} ms`}, sent ${JSON.stringify(s.firstBytes)}`);
      assert.equal(open, 0, `${open} connection(s) to the silent Pyroscope still open ${Math.round(performance.now() - started)} ms after a 1 s deadline: cancellation does not reach the outgoing request\n${seen.join('\n')}`);
      await assertStillServing('a cancelled CheckHealth');
    } finally {
      for (const s of sockets) s.socket.destroy();
      silent.close();
    }
  });

  it('serves many concurrent calls multiplexed on one connection, as Grafana does', TEST, async () => {
    const calls = [];
    for (let i = 0; i < 40; i++) calls.push(resource(i % 2 ? healthyApp : brokenApp, 'GET', i % 3 ? 'datasources' : 'health'));
    for (let i = 0; i < 10; i++) calls.push(client.checkHealth(healthyApp).then(({ response, error }) => ({ status: error ? `gRPC ${error.code}` : response.status })));
    const results = await Promise.all(calls);
    const unexpected = results.filter((r) => r.status !== 200 && r.status !== 'OK').map((r) => r.status);
    assert.deepEqual(unexpected, []);
  });

  it('CallResource POST adhoc/folded [needs the engine\'s ad hoc route]: several MiB of folded stacks streamed in chunks', NEEDS_ENGINE, async () => {
    const profile = buildSyntheticProfile();
    const expected = expectedFolded(profile);
    const body = encodeProfile(profile);
    const response = await resource(healthyApp, 'POST', 'adhoc/folded', body, { 'Content-Type': 'application/octet-stream' });
    assert.equal(response.status, 200, response.body.toString('utf8').slice(0, 500));
    assert.match(header(response, 'Content-Type') ?? '', /^text\/plain/);
    assert.ok(response.messages.length >= 2, `one ${response.body.length}-byte body arrived in ${response.messages.length} message(s); large bodies must be streamed in chunks`);
    for (const [i, m] of response.messages.entries()) {
      if (i === 0) continue;
      assert.equal(m.code, 0, `message ${i} repeats a status code`);
      assert.deepEqual(m.headers, {}, `message ${i} repeats headers`);
      assert.ok(m.body.length > 0, `message ${i} has an empty body`);
    }
    const lines = response.body.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    assert.ok(response.body.length > 4 * 1024 * 1024, `only ${response.body.length} bytes`);
    const firstDiff = lines.findIndex((l, i) => l !== expected[i]);
    assert.ok(lines.length === expected.length && firstDiff === -1,
      `folded output differs: ${lines.length} lines vs ${expected.length} expected; first difference at line ${firstDiff + 1}:\n got  ${lines[firstDiff]?.slice(0, 300)}\n want ${expected[firstDiff]?.slice(0, 300)}`);
  });

  it('QueryData answers each refId with Arrow frames, and a bad query with its own 400', TEST, async () => {
    const now = Date.now();
    const query = (refId, queryType) => ({
      refId,
      maxDataPoints: '1000',
      intervalMS: '15000',
      timeRange: { fromEpochMS: String(now - 3_600_000), toEpochMS: String(now) },
      queryType,
      json: Buffer.from(JSON.stringify({
        refId, queryType, datasource: { type: 'hotpath-profiles-datasource', uid: 'hotpath-ds' },
        profileTypeId: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds', labelSelector: '{service_name="api"}',
        groupBy: [], maxNodes: 16384, spanSelector: [],
      })),
    });
    const { response, error } = await client.queryData({
      pluginContext: dataSourceContext({ storePath: storeDir }, { apiKey: SECRET }),
      headers: { 'http_X-Grafana-User': 'admin', 'http_X-Grafana-Org-Id': '1' },
      queries: [query('A', 'profile'), query('B', 'metrics')],
      format: 'JSON',
    });
    assert.equal(error, undefined, `${error?.code} ${error?.details}`);
    assert.deepEqual(Object.keys(response.responses).sort(), ['A', 'B']);
    for (const [refId, r] of Object.entries(response.responses)) {
      assert.equal(r.status, 200, `${refId}: status ${r.status}: ${r.error}`);
      assert.equal(r.error, '', `${refId}: frames with an error`);
      assert.equal(r.format, 'ARROW', `${refId}: Hotpath answers Arrow frames whatever format was asked`);
      for (const [i, bytes] of r.frames.entries()) {
        const frame = readGrafanaFrame(bytes, `${refId} frame ${i}`);
        assert.equal(frame.refId, refId);
        assert.ok(frame.meta !== null, `${refId} frame ${i}: no meta`);
      }
    }
    // The store is empty: the flame graph is its root alone, and no series has a point.
    const flame = readGrafanaFrame(response.responses.A.frames[0], 'A frame 0');
    assert.equal(response.responses.A.frames.length, 1);
    assert.equal(flame.name, 'response');
    assert.deepEqual(flame.fields.map((f) => f.name), ['level', 'value', 'self', 'label']);
    assert.equal(response.responses.B.frames.length, 0);

    const bad = await client.queryData({
      pluginContext: dataSourceContext({ storePath: storeDir }, { apiKey: SECRET }),
      queries: [{ ...query('C', 'profile'), json: Buffer.from(JSON.stringify({ profileTypeId: 'cpu' })) }],
    });
    const c = bad.response.responses.C;
    assert.equal(c.status, 400);
    assert.equal(c.errorSource, 'downstream');
    assert.match(c.error, /profileTypeId 'cpu' is not a profile type id/);
  });

  it('CollectMetrics: Prometheus text that parses and counts resource requests by route and status', TEST, async () => {
    const { response, error } = await client.collectMetrics(healthyApp);
    assert.equal(error, undefined, `${error?.code} ${error?.details}`);
    const text = response.metrics.prometheus.toString('utf8');
    const families = parsePrometheusText(text);
    assert.ok([...families.values()].some((f) => f.typed && f.help), 'no family with # HELP and # TYPE');

    const byStatus = new Map();
    for (const c of resourceCalls) byStatus.set(String(c.status), (byStatus.get(String(c.status)) ?? 0) + 1);
    const datasources200 = resourceCalls.filter((c) => c.route === 'datasources' && c.status === 200).length;

    const matches = [];
    for (const family of families.values()) {
      if (family.type !== 'counter' || family.samples.length === 0) continue;
      const keys = new Set(family.samples.flatMap((s) => Object.keys(s.labels)));
      const statusKey = [...keys].find((k) => family.samples.every((s) => s.labels[k] === undefined || /^\d{3}$/.test(s.labels[k])));
      const routeKey = [...keys].find((k) => k !== statusKey && family.samples.some((s) => (s.labels[k] ?? '').includes('datasources')));
      if (!statusKey || !routeKey) continue;
      const sum = (pred) => family.samples.filter(pred).reduce((n, s) => n + s.value, 0);
      const statusOk = [...byStatus].every(([status, n]) => sum((s) => s.labels[statusKey] === status) === n);
      const routeOk = sum((s) => s.labels[statusKey] === '200' && /(^|\/)datasources$/.test(s.labels[routeKey])) === datasources200;
      matches.push({ family: family.name, statusOk, routeOk });
    }
    for (const family of families.values()) {
      const problems = histogramProblems(family);
      assert.deepEqual(problems, [], problems.join('\n'));
    }
    assert.ok([...families.values()].some((f) => f.type === 'histogram' && f.samples.some((s) => 'route' in s.labels)), 'no latency histogram by route');
    assert.ok([...families.values()].some((f) => /memory|heap/.test(f.name) && f.samples.some((s) => s.value > 0)), 'no memory metric with a value');
    assert.ok([...families.values()].some((f) => /gc/.test(f.name)), 'no GC metric');
    assert.ok(matches.some((m) => m.statusOk && m.routeOk),
      `no counter counts the ${resourceCalls.length} resource requests made (${JSON.stringify([...byStatus])}, datasources 200 × ${datasources200}); candidates: ${JSON.stringify(matches)}\n${text.slice(0, 3000)}`);
  });

  it('bad input: a malformed protobuf request gets an error status, and the process keeps serving', TEST, async () => {
    for (const bytes of [Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), Buffer.from([0x0f, 0x01]), Buffer.from([0x0a, 0x05, 0x08])]) {
      const { error } = await client.unaryRaw(methods.CheckHealth, rawSerialize, rawDeserialize, bytes);
      assert.ok(error, `malformed request ${bytes.toString('hex')} was accepted`);
      assert.ok(MALFORMED_STATUSES.includes(error.code),
        `malformed request ${bytes.toString('hex')}: status ${error.code} (${error.details}); grpc-go answers INTERNAL`);
      assert.ok(error.details.length > 0, 'the status needs a message');
      await assertStillServing(`malformed request ${bytes.toString('hex')}`);
    }
  });

  it('bad input: a malformed CallResource request (server streaming) gets an error status and no response message', TEST, async () => {
    const bytes = Buffer.from([0x12, 0x40, 0x61]); // path: 64 bytes announced, 1 present
    const messages = [];
    const error = await new Promise((resolveCall) => {
      const call = client.client.makeServerStreamRequest(methods.CallResource, rawSerialize, rawDeserialize, bytes, new grpc.Metadata(), { deadline: Date.now() + 30_000 });
      call.on('data', (m) => messages.push(m));
      call.on('error', resolveCall);
      call.on('end', () => resolveCall(undefined));
    });
    assert.ok(error, 'a malformed CallResource request was accepted');
    assert.ok(MALFORMED_STATUSES.includes(error.code), `status ${error.code} (${error.details})`);
    assert.equal(messages.length, 0);
    await assertStillServing('a malformed CallResource request');
  });

  it('accepts a request just under 16 MiB (the Go SDK\'s receive limit)', TEST, async () => {
    const limit = 16 * 1024 * 1024;
    const request = { pluginContext: healthyApp, path: 'datasources', method: 'POST', url: 'datasources', headers: resourceHeaders(), body: Buffer.alloc(0) };
    const base = types.CallResourceRequest.encode(types.CallResourceRequest.fromObject(request)).finish().length;
    request.body = Buffer.alloc(limit - 64 - base - 5, 0x62); // 1 tag byte + 4 length bytes
    const size = types.CallResourceRequest.encode(types.CallResourceRequest.fromObject(request)).finish().length;
    assert.ok(size < limit && size > limit - 128, `request is ${size} bytes`);
    const response = composeHttpResponse(await client.callResource(request));
    resourceCalls.push({ route: 'datasources', method: 'POST', status: response.status });
    assert.equal(response.status, 405, `a ${size}-byte request should reach the router (POST datasources → 405)`);
  });

  it('bad input: a message over 16 MiB gets RESOURCE_EXHAUSTED, and the process keeps serving', TEST, async () => {
    const body = Buffer.alloc(17 * 1024 * 1024, 0x61);
    const raw = await client.callResource({ pluginContext: healthyApp, path: 'datasources', method: 'POST', url: 'datasources', headers: resourceHeaders(), body });
    assert.equal(raw.messages.length, 0, 'an oversize request was answered');
    assert.equal(raw.error?.code, grpc.status.RESOURCE_EXHAUSTED, `got ${raw.error?.code} ${raw.error?.details}`);
    await assertStillServing('an oversize CallResource message');

    const unary = await client.unary(methods.CheckHealth, types.CheckHealthRequest, types.CheckHealthResponse,
      { pluginContext: healthyApp, headers: { big: 'x'.repeat(17 * 1024 * 1024) } });
    assert.equal(unary.error?.code, grpc.status.RESOURCE_EXHAUSTED, `unary: got ${unary.error?.code} ${unary.error?.details}`);
    await assertStillServing('an oversize CheckHealth message');
  });

  it('bad input: unknown services and methods get UNIMPLEMENTED, and the process keeps serving', TEST, async () => {
    for (const path of ['/no.such.Service/Call', '/pluginv2.Diagnostics/NoSuchMethod', '/pluginv2.Stream/SubscribeStream',
      '/pluginv2.Data/QueryChunkedData' /* Grafana falls back to QueryData on UNIMPLEMENTED */]) {
      const { error } = await client.unaryRaw(path, rawSerialize, rawDeserialize, Buffer.alloc(0));
      assert.equal(error?.code, grpc.status.UNIMPLEMENTED, `${path}: ${error?.code} ${error?.details}`);
      await assertStillServing(path);
    }
  });

  it('ignores SIGINT like the Go SDK', TEST, async () => {
    process.kill(plugin.child.pid, 'SIGINT');
    await new Promise((r) => setTimeout(r, 1000));
    assert.ok(plugin.alive, `SIGINT stopped the plugin (code ${plugin.exit?.code}, signal ${plugin.exit?.signal})`);
    await assertStillServing('SIGINT');
  });

  it('holds GRPCStdio/StreamStdio open for the life of the connection', TEST, () => {
    assert.equal(client.stdioEnded, null, `StreamStdio ended early: ${JSON.stringify(client.stdioEnded)}`);
  });

  it('GRPCController/Shutdown: the process exits within 2 s', TEST, async () => {
    const started = performance.now();
    await client.shutdown(); // Grafana ignores the result
    client.close();
    const exit = await plugin.waitForExit(2000);
    assert.ok(exit, `still running ${Math.round(performance.now() - started)} ms after Shutdown (Grafana would SIGKILL it)`);
    assert.equal(exit.signal, null);
    assert.equal(exit.code, 0, `exit code ${exit.code}`);
  });

  it('wrote exactly one line to stdout in the whole run', TEST, () => {
    assert.deepEqual(plugin.stdoutLines().length, 1, `stdout:\n${plugin.stdout.toString('utf8').slice(0, 2000)}`);
    assert.ok(plugin.stdout.toString('utf8').endsWith('\n'));
  });

  it('wrote only go-plugin JSON log lines to stderr, and never the secret', TEST, () => {
    const lines = plugin.stderrLines();
    const problems = stderrProblems(lines);
    assert.deepEqual(problems, [], problems.slice(0, 20).join('\n'));
    assert.ok(!plugin.stderr.includes(SECRET), 'the secret appears in stderr');
  });
});
