import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';

import { ApiError, WireFormatError } from './errors';
import { FetchTransport } from './fetchTransport';
import { CPU } from './testFixtures';
import { HotpathApi, routeUrl, type Selection } from './client';

// The graph client against a real HTTP server on loopback: each test sets what a route answers and
// reads back what the client sent (method, path with query, content type, body bytes).
type Answer = { status: number; body: string };
const answers = new Map<string, Answer>();
const seen: Array<{ method: string; path: string; contentType: string | undefined; body: Buffer }> = [];
let server: http.Server;
let api: HotpathApi;

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      seen.push({ method: req.method ?? '', path: url, contentType: req.headers['content-type'], body: Buffer.concat(chunks) });
      const route = url.split('?')[0]!.replace('/api/plugins/hotpath-profiles-app/resources/', '');
      const answer = answers.get(`${req.method} ${route}`) ?? { status: 404, body: '{"message":"no such route","kind":"not_found"}' };
      res.writeHead(answer.status, answer.status === 204 ? {} : { 'Content-Type': 'application/json' });
      res.end(answer.status === 204 ? undefined : answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = new HotpathApi(new FetchTransport(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  answers.clear();
  seen.length = 0;
});

function answer(methodAndRoute: string, body: unknown, status = 200) {
  answers.set(methodAndRoute, { status, body: JSON.stringify(body) });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error);
    return error;
  }
  assert.fail('expected the call to fail');
}

const GRAPH = {
  labels: ['total', 'main', 'work'],
  level: [0, 1, 2],
  value: [100, 100, 60],
  self: [0, 40, 60],
  label: [0, 1, 2],
  total: 100,
  otherTotal: 0,
  truncatedFraction: 0,
};

const FLAME = { profileType: CPU, flamegraph: GRAPH, functions: { rows: [{ name: 'work', self: 60, total: 60 }], count: 2, total: 100 } };

const SELECTION: Selection = {
  datasource: 'embedded',
  profileType: CPU.id,
  selector: '{service_name="checkout"}',
  from: 1763700000000,
  to: 1763703600000,
};

function query(path: string): Record<string, string> {
  return Object.fromEntries(new URL(path, 'http://x').searchParams);
}

describe('routeUrl', () => {
  test('encodes parameters and leaves undefined ones out', () => {
    assert.equal(
      routeUrl('flamegraph', { selector: '{a="b c"}', maxNodes: undefined, from: 1 }),
      '/api/plugins/hotpath-profiles-app/resources/flamegraph?selector=%7Ba%3D%22b+c%22%7D&from=1'
    );
    assert.equal(routeUrl('favorites', {}), '/api/plugins/hotpath-profiles-app/resources/favorites');
  });
});

describe('HotpathApi.flameGraph', () => {
  test('sends the selection and maxNodes, and returns the decoded answer', async () => {
    answer('GET flamegraph', FLAME);
    const result = await api.flameGraph(SELECTION, 512);
    assert.deepEqual(result, FLAME);
    assert.equal(seen[0]!.method, 'GET');
    assert.deepEqual(query(seen[0]!.path), {
      datasource: 'embedded',
      profileType: CPU.id,
      selector: SELECTION.selector,
      from: String(SELECTION.from),
      to: String(SELECTION.to),
      maxNodes: '512',
    });
  });

  const bad: Array<[string, unknown, string]> = [
    ['a column shorter than level', { ...GRAPH, self: [0, 40] }, 'flamegraph.self: expected 3 rows (as many as level), got 2 rows'],
    ['a label index past labels', { ...GRAPH, label: [0, 1, 3] }, 'flamegraph.label[2]: expected an index into labels (0 … 2), got number 3'],
    ['a level jumping two down', { ...GRAPH, level: [0, 2, 2] }, 'flamegraph.level[1]: expected a level between 0 and 1 (depth-first order), got number 2'],
    ['a root not at level 0', { ...GRAPH, level: [1, 2, 3] }, 'flamegraph.level[0]: expected the root at level 0, got number 1'],
    ['a second root', { ...GRAPH, level: [0, 1, 0] }, 'flamegraph.level[2]: expected one root only, got number 0'],
    ['self above the total', { ...GRAPH, self: [0, 140, 60] }, "flamegraph.self[1]: expected a value between 0 and the node's total 100, got number 140"],
    ['a fractional value', { ...GRAPH, value: [100, 100.5, 60] }, 'flamegraph.value[1]: expected a whole number, got number 100.5'],
    ['a string in a column', { ...GRAPH, level: [0, '1', 2] }, 'flamegraph.level[1]: expected a finite number, got the string "1"'],
    ['a truncated fraction above 1', { ...GRAPH, truncatedFraction: 1.5 }, 'flamegraph.truncatedFraction: expected a fraction between 0 and 1, got number 1.5'],
    ['labels that are not strings', { ...GRAPH, labels: ['total', 7, 'work'] }, 'flamegraph.labels[1]: expected a string, got number 7'],
  ];
  for (const [what, graph, message] of bad) {
    test(`refuses ${what}, naming the field`, async () => {
      answer('GET flamegraph', { ...FLAME, flamegraph: graph });
      const error = await rejection(api.flameGraph(SELECTION, undefined));
      assert.ok(error instanceof WireFormatError);
      assert.equal(error.detail, message);
    });
  }

  test('refuses a profile type with a bad id or aggregation', async () => {
    answer('GET flamegraph', { ...FLAME, profileType: { ...CPU, id: 'cpu:nanoseconds' } });
    assert.equal(
      ((await rejection(api.flameGraph(SELECTION, undefined))) as WireFormatError).detail,
      'profileType.id: expected a profile type id name:sample_type:sample_unit:period_type:period_unit, got the string "cpu:nanoseconds"'
    );
    answer('GET flamegraph', { ...FLAME, profileType: { ...CPU, aggregation: 'max' } });
    assert.equal(
      ((await rejection(api.flameGraph(SELECTION, undefined))) as WireFormatError).detail,
      'profileType.aggregation: expected "sum" or "average", got the string "max"'
    );
  });

  test('refuses a function row with a negative total', async () => {
    answer('GET flamegraph', { ...FLAME, functions: { rows: [{ name: 'work', self: 60, total: -1 }], count: 1, total: 100 } });
    assert.equal(
      ((await rejection(api.flameGraph(SELECTION, undefined))) as WireFormatError).detail,
      'functions.rows[0].total: expected a whole number ≥ 0, got number -1'
    );
  });

  test("passes the backend's own error message through", async () => {
    answer('GET flamegraph', { message: "parameter 'maxNodes': 0 is outside 1 … 1048576", kind: 'bad_request' }, 400);
    const error = await rejection(api.flameGraph(SELECTION, 0));
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 400);
    assert.equal(error.message, "parameter 'maxNodes': 0 is outside 1 … 1048576");
  });
});

describe('HotpathApi.series', () => {
  const SEL_Q = { profileType: SELECTION.profileType, selector: SELECTION.selector, range: { from: SELECTION.from, to: SELECTION.to } };
  const series = { labels: { service_name: 'checkout' }, timestamps: [1000, 2000], values: [1.5, 3], stats: { total: 4.5, average: 2.25, max: 3, points: 2 } };

  test('sends groupBy as a comma-separated list and decodes the series', async () => {
    answer('GET series', { profileType: CPU, step: 15, series: [series], totalSeries: 1 });
    const result = await api.series({ ...SEL_Q, groupBy: ['service_name', 'pod'], limit: 10 });
    assert.deepEqual(result.series, [series]);
    assert.equal(query(seen[0]!.path).groupBy, 'service_name,pod');
    assert.equal(query(seen[0]!.path).limit, '10');
  });

  test('refuses timestamps that do not ascend, and values that do not match them', async () => {
    answer('GET series', { profileType: CPU, step: 15, series: [{ ...series, timestamps: [2000, 1000] }], totalSeries: 1 });
    assert.equal(((await rejection(api.series(SEL_Q))) as WireFormatError).detail, 'series[0].timestamps[1]: expected a time after 2000, got number 1000');
    answer('GET series', { profileType: CPU, step: 15, series: [{ ...series, values: [1] }], totalSeries: 1 });
    assert.equal(
      ((await rejection(api.series(SEL_Q))) as WireFormatError).detail,
      'series[0].values: expected 2 values (one per timestamp), got an array of 1'
    );
    answer('GET series', { profileType: CPU, step: 15, series: [{ ...series, values: [1, null] }], totalSeries: 1 });
    assert.equal(((await rejection(api.series(SEL_Q))) as WireFormatError).detail, 'series[0].values[1]: expected a finite number, got null');
  });
});

describe('HotpathApi.diff', () => {
  const diffGraph = { ...GRAPH, valueRight: [120, 120, 90], selfRight: [0, 30, 90], leftTotal: 100, rightTotal: 120 };
  const functions = {
    rows: [{ name: 'work', baselineSelf: 60, baselineTotal: 60, comparisonSelf: 90, comparisonTotal: 90 }],
    count: 2,
    baselineTotal: 100,
    comparisonTotal: 120,
  };

  test('sends each side under its own prefix', async () => {
    answer('GET diff', { profileType: CPU, flamegraph: diffGraph, functions });
    const result = await api.diff(CPU.id, { selector: '{a="1"}', from: 1, to: 2 }, { datasource: 'p', selector: '{a="2"}', from: 3, to: 4 }, 100);
    assert.deepEqual(result.functions, functions);
    assert.deepEqual(query(seen[0]!.path), {
      profileType: CPU.id,
      maxNodes: '100',
      baselineSelector: '{a="1"}',
      baselineFrom: '1',
      baselineTo: '2',
      comparisonDatasource: 'p',
      comparisonSelector: '{a="2"}',
      comparisonFrom: '3',
      comparisonTo: '4',
    });
  });

  test('refuses a diff whose comparison column is missing', async () => {
    const { valueRight: _dropped, ...withoutRight } = diffGraph;
    answer('GET diff', { profileType: CPU, flamegraph: withoutRight, functions });
    assert.equal(
      ((await rejection(api.diff(CPU.id, SELECTION, SELECTION, undefined))) as WireFormatError).detail,
      'flamegraph.valueRight: expected an array, got nothing (the field is missing)'
    );
  });
});

describe('HotpathApi ad hoc', () => {
  const upload = { id: 'u1', name: 'cpu.pb.gz', profileTypes: [CPU], uploadedAtMs: 1763700000000, expiresAtMs: 1763786400000 };

  test("uploads the file's bytes as they are, with its name in the query", async () => {
    answer('POST adhoc/upload', upload);
    const bytes = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xff]);
    const result = await api.uploadAdhoc('cpu.pb.gz', new Blob([bytes]));
    assert.deepEqual(result, upload);
    assert.equal(seen[0]!.method, 'POST');
    assert.equal(seen[0]!.contentType, 'application/octet-stream');
    assert.deepEqual([...seen[0]!.body], [...bytes]);
    assert.equal(query(seen[0]!.path).name, 'cpu.pb.gz');
  });

  test('asks for a diff of two uploads with one profile type, or one per side when they differ', async () => {
    const diffBody = {
      profileType: CPU,
      flamegraph: { ...GRAPH, valueRight: [1, 1, 1], selfRight: [0, 0, 1], leftTotal: 100, rightTotal: 1 },
      functions: { rows: [], count: 0, baselineTotal: 100, comparisonTotal: 1 },
    };
    answer('GET adhoc/diff', diffBody);
    await api.adhocDiff({ id: 'a', profileType: CPU.id }, { id: 'b', profileType: CPU.id }, undefined);
    assert.deepEqual(query(seen[0]!.path), { baselineId: 'a', comparisonId: 'b', profileType: CPU.id });
    await api.adhocDiff({ id: 'a', profileType: CPU.id }, { id: 'b', profileType: 'memory:alloc_space:bytes:space:bytes' }, 10);
    assert.deepEqual(query(seen[1]!.path), {
      baselineId: 'a',
      comparisonId: 'b',
      baselineProfileType: CPU.id,
      comparisonProfileType: 'memory:alloc_space:bytes:space:bytes',
      maxNodes: '10',
    });
  });

  test('refuses an upload answer without an id', async () => {
    answer('POST adhoc/upload', { ...upload, id: '' });
    assert.equal(((await rejection(api.uploadAdhoc('x', new Blob(['a'])))) as WireFormatError).detail, 'id: expected a non-empty string, got the string ""');
  });
});

describe('HotpathApi favorites and settings', () => {
  const favorite = { id: 'f1', view: 'flame-graph', profileType: CPU.id, service: 'checkout', selector: '{service_name="checkout"}', createdMs: 5 };

  test('posts the content as JSON and decodes the stored favorite', async () => {
    answer('POST favorites', favorite);
    const { id: _id, createdMs: _c, ...content } = favorite;
    const stored = await api.addFavorite(content as never);
    assert.deepEqual(stored, favorite);
    assert.equal(seen[0]!.contentType, 'application/json');
    assert.deepEqual(JSON.parse(seen[0]!.body.toString()), content);
  });

  test('deletes by id and accepts the empty 204', async () => {
    answers.set('DELETE favorites', { status: 204, body: '' });
    await api.removeFavorite('f 1');
    assert.equal(seen[0]!.method, 'DELETE');
    assert.equal(query(seen[0]!.path).id, 'f 1');
  });

  test("a missing favorite is the backend's 404 with its message", async () => {
    answer('DELETE favorites', { message: 'no favorite with id "zz"', kind: 'not_found' }, 404);
    const error = await rejection(api.removeFavorite('zz'));
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 404);
  });

  test('refuses a favorite of an unknown view', async () => {
    answer('GET favorites', { favorites: [{ ...favorite, view: 'dashboard' }] });
    assert.equal(
      ((await rejection(api.listFavorites())) as WireFormatError).detail,
      'favorites[0].view: expected "all-services" or "service" or "labels" or "flame-graph" or "diff", got the string "dashboard"'
    );
  });

  test("reads and writes the user's settings", async () => {
    const settings = {
      maxNodes: 4096,
      collapsedFrames: false,
      defaultProfileType: null,
      defaultRange: 'now-6h',
      sourceLinkTemplate: null,
      sourceLinkVersionLabel: null,
    };
    answer('GET settings', settings);
    assert.deepEqual(await api.getSettings(), settings);
    answer('PUT settings', settings);
    assert.deepEqual(await api.putSettings(settings), settings);
    assert.equal(seen[1]!.method, 'PUT');
    assert.deepEqual(JSON.parse(seen[1]!.body.toString()), settings);
    answer('GET settings', { ...settings, maxNodes: 0 });
    assert.equal(((await rejection(api.getSettings())) as WireFormatError).detail, 'maxNodes: expected a whole number ≥ 1, got number 0');
  });
});

describe('frame filters and focusPath', () => {
  const FILTERED: Selection = { ...SELECTION, frames: { focus: 'main\\.', hide: '^runtime[./]', ignore: '', granularity: 'lines' } };

  test('flamegraph, sandwich and export send the filters that are set, and the granularity', async () => {
    answer('GET flamegraph', FLAME);
    await api.flameGraph(FILTERED, undefined, undefined, ['main', 'work']);
    const sent = query(seen[0]!.path);
    assert.equal(sent.focus, 'main\\.');
    assert.equal(sent.hide, '^runtime[./]');
    assert.equal(sent.ignore, undefined, 'an empty filter is left out');
    assert.equal(sent.granularity, 'lines');
    assert.deepEqual(JSON.parse(sent.focusPath!), ['main', 'work']);
    assert.equal(query(api.exportUrl('folded', FILTERED)).hide, '^runtime[./]');
  });

  test('the default granularity and an empty focus path are not sent', async () => {
    answer('GET flamegraph', FLAME);
    await api.flameGraph({ ...SELECTION, frames: { granularity: 'functions' } }, undefined, undefined, []);
    const sent = query(seen[0]!.path);
    assert.equal(sent.granularity, undefined);
    assert.equal(sent.focusPath, undefined);
  });

  test('the diff sends the filters once, for both sides', async () => {
    answer('GET diff', {});
    await rejection(api.diff(CPU.id, SELECTION, SELECTION, undefined, undefined, { show: 'main' }));
    assert.equal(query(seen[0]!.path).show, 'main');
  });

  test('a server refusing a regex is an ApiError with its message', async () => {
    answer('GET flamegraph', { message: "parameter 'focus': invalid regular expression '(': …", kind: 'bad_request' }, 400);
    const error = await rejection(api.flameGraph({ ...SELECTION, frames: { focus: '(' } }, undefined));
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 400);
    assert.equal(error.message, "parameter 'focus': invalid regular expression '(': …");
  });
});

describe('user presets kept with the settings', () => {
  const settings = {
    maxNodes: 4096,
    collapsedFrames: false,
    defaultProfileType: null,
    defaultRange: 'now-6h',
    sourceLinkTemplate: 'https://code.example/{file}#L{line}',
    sourceLinkVersionLabel: null,
  };

  test('a server without framePresets: the settings read without them, written without them', async () => {
    answer('GET settings', settings);
    const read = await api.getSettings();
    assert.equal('framePresets' in read, false);
    answer('PUT settings', settings);
    await api.putSettings(read);
    assert.deepEqual(JSON.parse(seen[1]!.body.toString()), settings);
  });

  test('a server with framePresets: read as name + filters, written back flat', async () => {
    answer('GET settings', { ...settings, framePresets: [{ name: 'no gc', hide: 'gc', granularity: 'files' }] });
    const read = await api.getSettings();
    assert.deepEqual(read.framePresets, [{ name: 'no gc', filters: { hide: 'gc', granularity: 'files' } }]);
    answer('PUT settings', { ...settings, framePresets: [] });
    const stored = await api.putSettings({ ...read, framePresets: [...read.framePresets!, { name: 'mine', filters: { focus: 'x', show: '' } }] });
    assert.deepEqual(JSON.parse(seen[1]!.body.toString()).framePresets, [
      { name: 'no gc', hide: 'gc', granularity: 'files' },
      { name: 'mine', focus: 'x' },
    ]);
    assert.deepEqual(stored.framePresets, []);
  });

  test('a malformed preset list is a WireFormatError naming the field', async () => {
    answer('GET settings', { ...settings, framePresets: [{ name: '', hide: 'gc' }] });
    assert.equal(((await rejection(api.getSettings())) as WireFormatError).detail, 'framePresets[0].name: expected a non-empty string, got the string ""');
    answer('GET settings', { ...settings, framePresets: [{ name: 'x', granularity: 'bytes' }] });
    assert.match(((await rejection(api.getSettings())) as WireFormatError).detail, /^framePresets\[0\]\.granularity: expected "functions" or /);
  });
});

describe('HotpathApi.exportUrl', () => {
  test('links every format to the export route; maxNodes only for flamebearer', () => {
    assert.equal(query(api.exportUrl('pprof', SELECTION, 100)).maxNodes, undefined);
    assert.equal(query(api.exportUrl('flamebearer', SELECTION, 100)).maxNodes, '100');
    const folded = api.exportUrl('folded', SELECTION);
    assert.ok(folded.startsWith('/api/plugins/hotpath-profiles-app/resources/export?format=folded&'));
    assert.equal(query(folded).selector, SELECTION.selector);
  });
});
