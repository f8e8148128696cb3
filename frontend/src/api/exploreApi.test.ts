import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';

import { ApiError, WireFormatError } from './errors';
import { HotpathApi } from './client';
import { FetchTransport } from './fetchTransport';
import { CPU } from './testFixtures';

// The client against a real HTTP server on loopback; each test sets what a route answers.
const answers = new Map<string, { status: number; body: string }>();
const seen: URL[] = [];
let server: http.Server;
let api: HotpathApi;
const BASE = '/api/plugins/hotpath-profiles-app/resources/';

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(url);
    const answer = answers.get(url.pathname.slice(BASE.length)) ?? { status: 404, body: '{"message":"no such route","kind":"not_found"}' };
    res.writeHead(answer.status, { 'Content-Type': 'application/json' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = new HotpathApi(new FetchTransport(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  answers.clear();
  seen.length = 0;
});

function answer(route: string, body: unknown, status = 200) {
  answers.set(route, { status, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error);
    return error;
  }
  assert.fail('expected the call to fail');
}

const series = (name: string, values: number[]) => ({
  labels: { service_name: name },
  timestamps: values.map((_, i) => 1_763_700_000_000 + i * 15_000),
  values,
  stats: {
    total: values.reduce((a, b) => a + b, 0),
    average: values.reduce((a, b) => a + b, 0) / values.length,
    max: Math.max(...values),
    points: values.length,
  },
});
const scope = { datasource: 'embedded', range: { from: 1_763_700_000_000.4, to: 1_763_703_600_000.2 } };

describe('ExploreApi requests', () => {
  test('series sends every parameter the contract names, ranges as whole ms', async () => {
    const body = { profileType: CPU, step: 15, series: [series('checkout', [1, 5, 2]), series('cart', [1])], totalSeries: 9 };
    answer('series', body);
    const result = await api.series({ ...scope, profileType: CPU.id, selector: '{pod=~"a|b"}', groupBy: ['service_name'], limit: 50 });
    assert.deepEqual(result, body);
    const url = seen[0]!;
    assert.equal(url.pathname, `${BASE}series`);
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      datasource: 'embedded',
      from: '1763700000000',
      to: '1763703600001',
      profileType: CPU.id,
      selector: '{pod=~"a|b"}',
      groupBy: 'service_name',
      limit: '50',
    });
  });

  test('the default data source is left out of the query', async () => {
    answer('stats', { dataIngested: false });
    assert.deepEqual(await api.stats(undefined), { dataIngested: false });
    assert.equal(seen[0]!.search, '');
  });

  test('services, service, labels, label-names and label-values decode their answers', async () => {
    answer('services', { profileTypes: [CPU], services: [{ name: 'checkout', profileTypes: [CPU.id] }] });
    answer('service', { service: 'checkout', step: 15, profileTypes: [{ profileType: CPU, series: series('checkout', [3]) }] });
    answer('labels', {
      labels: [
        {
          name: 'pod',
          cardinality: 2,
          values: [
            { value: 'a', total: 10 },
            { value: 'b', total: 5 },
          ],
        },
      ],
    });
    answer('label-names', { names: ['pod', 'region'] });
    answer('label-values', { values: ['a', 'b'] });
    assert.equal((await api.services(scope)).services[0]!.name, 'checkout');
    assert.equal((await api.service({ ...scope, service: 'checkout', selector: '{}' })).profileTypes[0]!.series.stats.total, 3);
    assert.equal((await api.labels({ ...scope, profileType: CPU.id, selector: '{}' })).labels[0]!.cardinality, 2);
    assert.deepEqual(await api.labelNames({ ...scope, selector: '{service_name="checkout"}', profileType: CPU.id }), ['pod', 'region']);
    assert.deepEqual(await api.labelValues({ ...scope, selector: '{}', name: 'pod' }), ['a', 'b']);
    assert.equal(seen[4]!.searchParams.get('name'), 'pod');
    assert.equal(seen[3]!.searchParams.get('selector'), '{service_name="checkout"}');
  });

  test("a 400 carries the backend's message", async () => {
    answer('series', { message: "parameter 'selector': parse error at char 5", kind: 'bad_request' }, 400);
    const error = await failure(api.series({ ...scope, profileType: CPU.id, selector: '{pod=' }));
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 400);
    assert.equal(error.message, "parameter 'selector': parse error at char 5");
  });
});

describe('ExploreApi decoders refuse bad answers, naming the field', () => {
  const cases: Array<[string, string, unknown, RegExp, () => Promise<unknown>]> = [
    [
      'series',
      'a value that is a string',
      { profileType: CPU, step: 15, series: [{ ...series('a', [1, 2]), values: [1, '2'] }], totalSeries: 1 },
      /series\[0\]\.values\[1\]: expected a finite number, got the string "2"/,
      () => api.series({ ...scope, profileType: CPU.id, selector: '{}' }),
    ],
    [
      'series',
      'columns of different lengths',
      { profileType: CPU, step: 15, series: [{ ...series('a', [1, 2]), values: [1] }], totalSeries: 1 },
      /series\[0\]\.values: expected 2 values \(one per timestamp\)/,
      () => api.series({ ...scope, profileType: CPU.id, selector: '{}' }),
    ],
    [
      'series',
      'a timestamp with a fraction',
      { profileType: CPU, step: 15, series: [{ ...series('a', [1, 2]), timestamps: [10, 20.5] }], totalSeries: 1 },
      /series\[0\]\.timestamps\[1\]: expected a whole number ≥ 0, got number 20\.5/,
      () => api.series({ ...scope, profileType: CPU.id, selector: '{}' }),
    ],
    [
      'series',
      'values that are not an array',
      { profileType: CPU, step: 15, series: [{ ...series('a', [1, 2]), values: 'none' }], totalSeries: 1 },
      /series\[0\]\.values: expected an array, got the string "none"/,
      () => api.series({ ...scope, profileType: CPU.id, selector: '{}' }),
    ],
    [
      'series',
      'timestamps out of order',
      { profileType: CPU, step: 15, series: [{ ...series('a', [1, 2]), timestamps: [20, 10] }], totalSeries: 1 },
      /series\[0\]\.timestamps\[1\]: expected a time after 20, got number 10/,
      () => api.series({ ...scope, profileType: CPU.id, selector: '{}' }),
    ],
    [
      'series',
      'fewer totalSeries than series',
      { profileType: CPU, step: 15, series: [series('a', [1])], totalSeries: 0 },
      /totalSeries: expected at least the 1 series sent/,
      () => api.series({ ...scope, profileType: CPU.id, selector: '{}' }),
    ],
    [
      'series',
      'a zero step',
      { profileType: CPU, step: 0, series: [], totalSeries: 0 },
      /step: expected a positive number of seconds/,
      () => api.series({ ...scope, profileType: CPU.id, selector: '{}' }),
    ],
    [
      'series',
      'an unknown aggregation',
      { profileType: { ...CPU, aggregation: 'max' }, step: 15, series: [], totalSeries: 0 },
      /profileType\.aggregation: expected "sum" or "average", got the string "max"/,
      () => api.series({ ...scope, profileType: CPU.id, selector: '{}' }),
    ],
    [
      'series',
      'a label value that is a number',
      { profileType: CPU, step: 15, series: [{ ...series('a', [1]), labels: { pod: 3 } }], totalSeries: 1 },
      /series\[0\]\.labels\.pod: expected a string, got number 3/,
      () => api.series({ ...scope, profileType: CPU.id, selector: '{}' }),
    ],
    [
      'services',
      'a service with a type not listed',
      { profileTypes: [CPU], services: [{ name: 'x', profileTypes: ['a:b:c:d:e'] }] },
      /services\[0\]\.profileTypes\[0\]: expected a type listed in profileTypes/,
      () => api.services(scope),
    ],
    [
      'services',
      'a malformed profile type id',
      { profileTypes: [{ ...CPU, id: 'cpu' }], services: [] },
      /profileTypes\[0\]\.id: expected a profile type id/,
      () => api.services(scope),
    ],
    [
      'services',
      'an empty service name',
      { profileTypes: [], services: [{ name: ' ', profileTypes: [] }] },
      /services\[0\]\.name: expected a non-empty string/,
      () => api.services(scope),
    ],
    ['stats', 'a missing dataIngested', {}, /dataIngested: expected true or false, got nothing/, () => api.stats(undefined)],
    [
      'stats',
      'a negative time',
      { dataIngested: true, oldestProfileTimeMs: -1 },
      /oldestProfileTimeMs: expected a whole number ≥ 0/,
      () => api.stats(undefined),
    ],
    [
      'labels',
      'a fractional cardinality',
      { labels: [{ name: 'pod', cardinality: 1.5, values: [] }] },
      /labels\[0\]\.cardinality: expected a whole number/,
      () => api.labels({ ...scope, profileType: CPU.id, selector: '{}' }),
    ],
    [
      'labels',
      'a NaN total (JSON null)',
      { labels: [{ name: 'pod', cardinality: 1, values: [{ value: 'a', total: null }] }] },
      /labels\[0\]\.values\[0\]\.total: expected a finite number, got null/,
      () => api.labels({ ...scope, profileType: CPU.id, selector: '{}' }),
    ],
    ['label-names', 'names that is an object', { names: {} }, /names: expected an array, got an object/, () => api.labelNames({ ...scope, selector: '{}' })],
    [
      'label-values',
      'a value that is null',
      { values: ['a', null] },
      /values\[1\]: expected a string, got null/,
      () => api.labelValues({ ...scope, selector: '{}', name: 'pod' }),
    ],
    ['service', 'a body that is an array', [], /body: expected an object, got an array/, () => api.service({ ...scope, service: 'x' })],
  ];
  for (const [route, what, body, message, call] of cases) {
    test(`${route}: ${what}`, async () => {
      answer(route, body);
      const error = await failure(call());
      assert.ok(error instanceof WireFormatError, `${error.name}: ${error.message}`);
      assert.match(error.message, message);
      assert.ok(error.message.startsWith(`${BASE}${route}`), error.message);
    });
  }

  test('a body that is not JSON at all', async () => {
    answer('stats', '<html>proxy error</html>');
    const error = await failure(api.stats(undefined));
    assert.ok(error instanceof WireFormatError);
    assert.match(error.message, /body is not JSON/);
  });
});
