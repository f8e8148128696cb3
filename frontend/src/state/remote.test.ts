import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ApiError, WireFormatError } from '../api/errors';
import { dataOf, describeError, initialRemote, remoteReducer, viewOf, type Remote } from './remote';

type Data = { items: string[] };
const isEmpty = (d: Data) => d.items.length === 0;

function run(actions: Array<Parameters<typeof remoteReducer<Data>>[1]>): Remote<Data> {
  return actions.reduce((state, action) => remoteReducer(state, action), initialRemote<Data>());
}

describe('remoteReducer', () => {
  test('a started request shows loading until it resolves', () => {
    const loading = run([{ type: 'start' }]);
    assert.equal(viewOf(loading, isEmpty), 'loading');
    const ready = remoteReducer(loading, { type: 'resolve', request: 1, data: { items: ['a'] } });
    assert.equal(viewOf(ready, isEmpty), 'ready');
    assert.deepEqual(dataOf(ready), { items: ['a'] });
  });

  test('good data with nothing in it is the empty state, not ready', () => {
    const state = run([{ type: 'start' }, { type: 'resolve', request: 1, data: { items: [] } }]);
    assert.equal(viewOf(state, isEmpty), 'empty');
  });

  test('a failed request shows its error', () => {
    const state = run([{ type: 'start' }, { type: 'reject', request: 1, error: new ApiError('/x', 500, 'disk full') }]);
    assert.equal(viewOf(state, isEmpty), 'error');
    assert.deepEqual(state.phase === 'error' && withoutHint(state.error), { title: 'The backend answered 500', message: 'disk full' });
    assert.equal(dataOf(state), undefined);
  });

  test('an answer to an older request never overwrites a newer one', () => {
    const twoStarted = run([{ type: 'start' }, { type: 'start' }]);
    const lateOld = remoteReducer(twoStarted, { type: 'resolve', request: 1, data: { items: ['old'] } });
    assert.equal(lateOld, twoStarted);
    const lateOldError = remoteReducer(twoStarted, { type: 'reject', request: 1, error: new Error('old failure') });
    assert.equal(lateOldError, twoStarted);
    const fresh = remoteReducer(twoStarted, { type: 'resolve', request: 2, data: { items: ['new'] } });
    assert.deepEqual(dataOf(fresh), { items: ['new'] });
  });

  test('a refresh keeps the last good data visible, and drops it once an error arrives', () => {
    const refreshing = run([{ type: 'start' }, { type: 'resolve', request: 1, data: { items: ['a'] } }, { type: 'start' }]);
    assert.equal(refreshing.phase, 'loading');
    assert.equal(viewOf(refreshing, isEmpty), 'ready');
    assert.deepEqual(dataOf(refreshing), { items: ['a'] });
    const refreshingAgain = remoteReducer(refreshing, { type: 'start' });
    assert.deepEqual(dataOf(refreshingAgain), { items: ['a'] });
    const failed = remoteReducer(refreshingAgain, { type: 'reject', request: 3, error: new Error('boom') });
    assert.equal(viewOf(failed, isEmpty), 'error');
    const retried = remoteReducer(failed, { type: 'start' });
    assert.equal(viewOf(retried, isEmpty), 'loading');
  });
});

describe('describeError', () => {
  test('says which status the backend answered and keeps its message', () => {
    assert.deepEqual(withoutHint(describeError(new ApiError('/x', 503, 'store locked'))), { title: 'The backend answered 503', message: 'store locked' });
  });

  test('calls a contract mismatch what it is', () => {
    const error = new WireFormatError('/api/x', 'status: expected "ok" or "error", got the string "fine"');
    assert.deepEqual(withoutHint(describeError(error)), { title: 'The backend sent something unexpected', message: error.message });
  });

  test('reports an unreachable server (fetch rejects with TypeError)', () => {
    assert.equal(describeError(new TypeError('Failed to fetch')).title, 'Cannot reach the Hotpath backend');
  });

  test('falls back to the text of anything else', () => {
    assert.deepEqual(withoutHint(describeError(new Error('x'))), { title: 'Request failed', message: 'x' });
    assert.deepEqual(withoutHint(describeError('plain string')), { title: 'Request failed', message: 'plain string' });
  });
});

function withoutHint(info: { title: string; message: string; hint: string }): { title: string; message: string } {
  assert.ok(info.hint.length > 0, 'every error says what to do');
  return { title: info.title, message: info.message };
}

test('the hint follows the kind of failure', () => {
  assert.match(describeError(new ApiError('/x', 400, 'bad selector')).hint, /filters/);
  assert.match(describeError(new ApiError('/x', 502, 'pyroscope down')).hint, /Status/);
  assert.match(describeError(new TypeError('Failed to fetch')).hint, /gpx_hotpath is running/);
});
