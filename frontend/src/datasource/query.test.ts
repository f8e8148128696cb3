import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { defaultQuery, interpolateQuery, parseMaxNodes, validateQuery, withDefaults, type HotpathQuery } from './query';

const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

describe('withDefaults', () => {
  test("a new query gets the Pyroscope data source's defaults", () => {
    assert.deepEqual(withDefaults({ refId: 'A' }), { refId: 'A', queryType: 'both', profileTypeId: '', labelSelector: '{}', groupBy: [], spanSelector: [] });
  });

  test('a saved Pyroscope query keeps every field it has', () => {
    const saved = {
      refId: 'B',
      queryType: 'metrics' as const,
      profileTypeId: CPU,
      labelSelector: '{service_name="api"}',
      groupBy: ['region'],
      maxNodes: 512,
      spanSelector: ['9a1f'],
      limit: 10,
    };
    assert.deepEqual(withDefaults(saved), saved);
  });

  test('an unknown queryType falls back to both', () => {
    assert.equal(withDefaults({ refId: 'A', queryType: 'flamegraph' as never }).queryType, 'both');
  });

  test('defaults are not shared between queries', () => {
    const a = withDefaults({ refId: 'A' });
    a.groupBy.push('pod');
    assert.deepEqual(withDefaults({ refId: 'B' }).groupBy, []);
    defaultQuery().spanSelector?.push('x');
    assert.deepEqual(defaultQuery().spanSelector, []);
  });
});

describe('validateQuery', () => {
  const ok = withDefaults({ refId: 'A', profileTypeId: CPU, labelSelector: '{service_name="api"}', maxNodes: 16384 });

  test('accepts a complete query, an empty one, and dashboard variables', () => {
    assert.deepEqual(validateQuery(ok), {});
    assert.deepEqual(validateQuery(withDefaults({ refId: 'A' })), {});
    assert.deepEqual(validateQuery({ ...ok, profileTypeId: '$profile_type' }), {});
  });

  test('names a malformed profile type id', () => {
    assert.match(validateQuery({ ...ok, profileTypeId: 'cpu' }).profileTypeId ?? '', /^"cpu" is not a profile type id; expected name:sample_type/);
    assert.ok(validateQuery({ ...ok, profileTypeId: 'a:b:c' }).profileTypeId);
  });

  test('names a selector without braces', () => {
    assert.equal(
      validateQuery({ ...ok, labelSelector: 'service_name="api"' }).labelSelector,
      '"service_name="api"" is not a label selector; expected {label="value", ...}'
    );
  });

  test('rejects max nodes that are not a positive whole number', () => {
    for (const bad of [0, -5, 1.5, Number.NaN]) {
      assert.equal(validateQuery({ ...ok, maxNodes: bad }).maxNodes, `max nodes must be a whole number of at least 1, got ${bad}`);
    }
  });
});

describe('parseMaxNodes', () => {
  test('empty text means the server default', () => {
    assert.deepEqual(parseMaxNodes('  '), { value: undefined });
  });

  test('reads a positive whole number', () => {
    assert.deepEqual(parseMaxNodes(' 2048 '), { value: 2048 });
  });

  for (const bad of ['0', '-1', '1.5', '1e3', 'lots']) {
    test(`rejects ${JSON.stringify(bad)} and quotes it`, () => {
      assert.deepEqual(parseMaxNodes(bad), { error: `max nodes must be a whole number of at least 1, got "${bad}"` });
    });
  }
});

describe('interpolateQuery', () => {
  test('replaces variables in every text field and drops labels that became empty', () => {
    const vars: Record<string, string> = { $svc: 'checkout', $type: CPU, $by: 'region', $none: '' };
    const replace = (text: string) => text.replace(/\$[a-z]+/g, (name) => vars[name] ?? name);
    const query: HotpathQuery = withDefaults({
      refId: 'A',
      profileTypeId: '$type',
      labelSelector: '{service_name="$svc"}',
      groupBy: ['$by', '$none'],
      spanSelector: ['$none', 'ab12'],
    });
    const result = interpolateQuery(query, replace);
    assert.equal(result.profileTypeId, CPU);
    assert.equal(result.labelSelector, '{service_name="checkout"}');
    assert.deepEqual(result.groupBy, ['region']);
    assert.deepEqual(result.spanSelector, ['ab12']);
    assert.equal(query.labelSelector, '{service_name="$svc"}', 'the original query is left as it was');
  });
});
