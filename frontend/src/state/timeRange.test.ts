import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

// @grafana/data touches `window` and `document` when it loads (storage listeners, style sniffing);
// Node has neither, and the functions under test never use them, so inert stand-ins are enough.
const inert: object = new Proxy(function () {}, {
  get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : key === 'length' ? 0 : inert),
  apply: () => inert,
});
(globalThis as { window?: unknown }).window ??= inert;
(globalThis as { document?: unknown }).document ??= inert;
let absoluteRange: TimeRangeModule['absoluteRange'];
let fromTimeRange: TimeRangeModule['fromTimeRange'];
let resolveRange: TimeRangeModule['resolveRange'];
let toTimeRange: TimeRangeModule['toTimeRange'];
type TimeRangeModule = typeof import('./timeRange');
before(async () => {
  ({ absoluteRange, fromTimeRange, resolveRange, toTimeRange } = await import('./timeRange'));
});

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

describe('resolveRange', () => {
  test('relative ends count from the same now', () => {
    assert.deepEqual(resolveRange({ from: 'now-1h', to: 'now' }, NOW), { from: NOW - 3_600_000, to: NOW });
  });

  test('ms ends are read as they are', () => {
    assert.deepEqual(resolveRange({ from: '1000', to: '2000' }, NOW), { from: 1000, to: 2000 });
  });

  test('a reversed range is read with its ends swapped', () => {
    assert.deepEqual(resolveRange({ from: '2000', to: '1000' }, NOW), { from: 1000, to: 2000 });
    assert.deepEqual(resolveRange({ from: 'now', to: 'now-6h' }, NOW), { from: NOW - 6 * 3_600_000, to: NOW });
  });

  test('an end that is not a time is an error naming the end', () => {
    assert.throws(() => resolveRange({ from: 'yesterday-ish', to: 'now' }, NOW), /"from" is not a time: "yesterday-ish"/);
    assert.throws(() => resolveRange({ from: 'now-1h', to: 'now-banana' }, NOW), /"to" is not a time/);
  });
});

test('absoluteRange writes whole, ordered ms', () => {
  assert.deepEqual(absoluteRange(2000.6, 1000.2), { from: '1000', to: '2001' });
});

test('the picker round trip keeps relative text and writes absolute ends as ms', () => {
  const raw = { from: 'now-6h', to: 'now' };
  const picker = toTimeRange(raw, resolveRange(raw, NOW));
  assert.deepEqual(fromTimeRange(picker), raw);
  const absolute = { from: '1000', to: '2000' };
  assert.deepEqual(fromTimeRange(toTimeRange(absolute, resolveRange(absolute, NOW))), absolute);
});
