import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';

import { ApiError, WireFormatError } from './errors';
import { FetchTransport } from './fetchTransport';
import { resourcePath } from './paths';
import { HotpathApi } from './client';

// The client talks to a real HTTP server on loopback; each test sets what the routes answer.
type Answer = { status: number; contentType?: string; body: string };
const answers = new Map<string, Answer>();
const seen: Array<{ method: string; path: string; accept: string | undefined }> = [];
let server: http.Server;
let api: HotpathApi;

before(async () => {
  server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', accept: req.headers.accept });
    const answer = answers.get(req.url ?? '') ?? { status: 404, body: '{"message":"no such route","kind":"not_found"}' };
    res.writeHead(answer.status, { 'Content-Type': answer.contentType ?? 'application/json' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  api = new HotpathApi(new FetchTransport(`http://127.0.0.1:${port}`));
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  answers.clear();
  seen.length = 0;
});

const DATASOURCES = '/api/plugins/hotpath-profiles-app/resources/datasources';
const HEALTH = '/api/plugins/hotpath-profiles-app/resources/health';

function answerJson(path: string, body: unknown, status = 200) {
  answers.set(path, { status, body: JSON.stringify(body) });
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

describe('resource paths', () => {
  test('routes live under the app plugin id, as inside Grafana', () => {
    assert.equal(resourcePath('health'), '/api/plugins/hotpath-profiles-app/resources/health');
    assert.equal(resourcePath('labels/values'), '/api/plugins/hotpath-profiles-app/resources/labels/values');
  });

  for (const bad of ['', '../secrets', '/health', 'http://evil.example/x', 'health?x=1', 'a b']) {
    test(`rejects the route ${JSON.stringify(bad)}`, () => {
      assert.throws(() => resourcePath(bad), { message: new RegExp(`invalid resource route ${escapeRegExp(JSON.stringify(bad))}`) });
    });
  }
});

describe('ResourceApi.listDataSources', () => {
  test('GETs the datasources route as JSON and returns every source with its optional fields', async () => {
    const body = {
      datasources: [
        { uid: 'embedded', name: 'Embedded store', kind: 'embedded', default: true, hasCredentials: false },
        { uid: 'p1', name: 'Prod', kind: 'pyroscope', url: 'http://pyro:4040', tenant: 'acme', default: false, hasCredentials: true },
      ],
    };
    answerJson(DATASOURCES, body);
    const result = await api.dataSources();
    assert.deepEqual(result, body);
    assert.deepEqual(seen, [{ method: 'GET', path: DATASOURCES, accept: 'application/json' }]);
  });

  test('keeps an empty list empty', async () => {
    answerJson(DATASOURCES, { datasources: [] });
    assert.deepEqual(await api.dataSources(), { datasources: [] });
  });

  test("turns a non-2xx answer into an ApiError carrying the server's own message", async () => {
    answerJson(DATASOURCES, { error: 'settings: jsonData.datasources[2].url is not a URL' }, 400);
    const error = await rejection(api.dataSources());
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 400);
    assert.equal(error.path, DATASOURCES);
    assert.equal(error.message, 'settings: jsonData.datasources[2].url is not a URL');
  });

  test('uses Grafana-style {"message"} bodies and plain-text bodies as the message', async () => {
    answerJson(DATASOURCES, { message: 'Plugin unavailable' }, 502);
    assert.equal((await rejection(api.dataSources())).message, 'Plugin unavailable');
    answers.set(DATASOURCES, { status: 500, contentType: 'text/plain', body: 'panic: nil map' });
    assert.equal((await rejection(api.dataSources())).message, 'panic: nil map');
    answers.set(DATASOURCES, { status: 504, body: '' });
    assert.equal((await rejection(api.dataSources())).message, 'HTTP 504 Gateway Timeout');
  });

  test('rejects a 2xx body that is not JSON, quoting it', async () => {
    answers.set(DATASOURCES, { status: 200, contentType: 'text/html', body: '<!doctype html><p>login</p>' });
    const error = await rejection(api.dataSources());
    assert.ok(error instanceof WireFormatError);
    assert.match(error.message, /datasources: unexpected response: body is not JSON \("<!doctype html><p>login<\/p>"\)/);
  });

  const badBodies: Array<[string, unknown, string]> = [
    ['a list instead of an object', [], 'body: expected an object, got an array'],
    ['no datasources field', { sources: [] }, 'datasources: expected an array, got nothing (the field is missing)'],
    [
      'a source without a uid',
      { datasources: [{ name: 'A', kind: 'embedded', default: true }] },
      'datasources[0].uid: expected a string, got nothing (the field is missing)',
    ],
    [
      'an empty name',
      { datasources: [{ uid: 'a', name: ' ', kind: 'embedded', default: true }] },
      'datasources[0].name: expected a non-empty string, got the string " "',
    ],
    [
      'a numeric kind',
      { datasources: [{ uid: 'a', name: 'A', kind: 7, default: true }] },
      'datasources[0].kind: expected "embedded" or "pyroscope", got number 7',
    ],
    [
      'default as a string',
      { datasources: [{ uid: 'a', name: 'A', kind: 'embedded', default: 'yes' }] },
      'datasources[0].default: expected true or false, got the string "yes"',
    ],
    [
      'a numeric url',
      { datasources: [{ uid: 'a', name: 'A', kind: 'pyroscope', url: 4040, default: false }] },
      'datasources[0].url: expected a string, got number 4040',
    ],
    [
      'two sources with one uid',
      {
        datasources: [
          { uid: 'a', name: 'A', kind: 'embedded', default: true, hasCredentials: false },
          { uid: 'a', name: 'B', kind: 'pyroscope', default: false, hasCredentials: false },
        ],
      },
      'datasources[1].uid: expected a uid not used by an earlier data source, got the string "a"',
    ],
  ];
  for (const [what, body, message] of badBodies) {
    test(`names the bad field when the body has ${what}`, async () => {
      answerJson(DATASOURCES, body);
      const error = await rejection(api.dataSources());
      assert.ok(error instanceof WireFormatError);
      assert.equal(error.message, `${DATASOURCES}: unexpected response: ${message}`);
    });
  }
});

describe('ResourceApi.getHealth', () => {
  test("returns the overall status and each source's check", async () => {
    const body = {
      status: 'error',
      message: 'Prod: connect ECONNREFUSED',
      sources: [
        { uid: 'embedded', name: 'Embedded store', kind: 'embedded', status: 'ok', message: '' },
        { uid: 'p1', name: 'Prod', kind: 'pyroscope', status: 'error', message: 'connect ECONNREFUSED' },
      ],
    };
    answerJson(HEALTH, body);
    assert.deepEqual(await api.health(), body);
  });

  test('rejects an unknown status value, naming it', async () => {
    answerJson(HEALTH, { status: 'fine', message: '', sources: [] });
    const error = await rejection(api.health());
    assert.equal(error.message, `${HEALTH}: unexpected response: status: expected "ok" or "error", got the string "fine"`);
  });

  test('rejects a source check without a message', async () => {
    answerJson(HEALTH, { status: 'ok', message: 'all fine', sources: [{ uid: 'a', name: 'A', kind: 'embedded', status: 'ok' }] });
    const error = await rejection(api.health());
    assert.equal(error.message, `${HEALTH}: unexpected response: sources[0].message: expected a string, got nothing (the field is missing)`);
  });

  test('stops when the caller aborts', async () => {
    answerJson(HEALTH, { status: 'ok', sources: [] });
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(api.health(controller.signal));
    assert.equal(error.name, 'AbortError');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
