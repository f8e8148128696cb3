import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseSelector } from './selectorParse';
import { selectorOf, type Filter } from './viewState';

describe('parseSelector', () => {
  test('reads back what selectorOf writes', () => {
    const filters: Filter[] = [
      { label: 'pod', op: '=~', value: 'cart-.*' },
      { label: 'region', op: '!=', value: 'eu "west"' },
      { label: 'service.version', op: '!~', value: '1\\.2' },
    ];
    assert.deepEqual(parseSelector(selectorOf('checkout', filters)), { service: 'checkout', filters });
    assert.deepEqual(parseSelector(selectorOf(undefined, [])), { filters: [] });
  });

  test('a service_name matcher other than = stays a filter', () => {
    assert.deepEqual(parseSelector('{service_name=~"check.*"}'), { filters: [{ label: 'service_name', op: '=~', value: 'check.*' }] });
  });

  for (const [bad, message] of [
    ['service_name="a"', 'expected {label="value", …}'],
    ['{pod=cart}', 'cannot read a matcher at position 1'],
    ['{pod="a" region="b"}', 'cannot read a matcher at position 1'],
    ['{pod="a", 9x="b"}', 'cannot read a matcher at position 9'],
  ] as const) {
    test(`refuses ${bad}`, () => {
      assert.throws(() => parseSelector(bad), { message: `selector ${JSON.stringify(bad)}: ${message}` });
    });
  }
});
