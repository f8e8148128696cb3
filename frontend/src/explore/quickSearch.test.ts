import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { quickSearchMatcher } from './quickSearch';

const names = ['checkout', 'cart', 'payment-api', 'ad[service]', 'frontend'];
const keep = (search: string | undefined) => names.filter(quickSearchMatcher(search));

describe('quick search', () => {
  test('empty or blank search keeps every panel', () => {
    assert.deepEqual(keep(undefined), names);
    assert.deepEqual(keep(' , '), names);
  });

  test('a term is a case-insensitive regex', () => {
    assert.deepEqual(keep('^C'), ['checkout', 'cart']);
    assert.deepEqual(keep('end$'), ['frontend']);
  });

  test('comma-separated terms match any', () => {
    assert.deepEqual(keep('pay, ^front'), ['payment-api', 'frontend']);
  });

  test('a term that is not a valid regex matches as text', () => {
    assert.deepEqual(keep('ad[serv'), ['ad[service]']);
  });
});
