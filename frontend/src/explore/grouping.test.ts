import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { ProfileType } from '../api/wire';
import { byCardinality, groupedProfileTypes } from './grouping';

function type(id: string, category: ProfileType['category'], label: string): ProfileType {
  const [name, sampleType, sampleUnit, periodType, periodUnit] = id.split(':') as [string, string, string, string, string];
  return { id, name, sampleType, sampleUnit, periodType, periodUnit, category, label, unit: 'short', aggregation: 'sum' };
}

describe('profile types grouped by category', () => {
  test("keeps the backend's order of categories and of types inside each", () => {
    const groups = groupedProfileTypes([
      type('process_cpu:cpu:nanoseconds:cpu:nanoseconds', 'CPU', 'CPU time'),
      type('memory:alloc_space:bytes:space:bytes', 'Memory', 'Allocated memory'),
      type('process_cpu:samples:count:cpu:nanoseconds', 'CPU', 'CPU samples'),
      type('memory:inuse_space:bytes:space:bytes', 'Memory', 'In-use memory'),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.label, g.options.map((o) => o.label)]),
      [
        ['CPU', ['CPU time', 'CPU samples']],
        ['Memory', ['Allocated memory', 'In-use memory']],
      ]
    );
    assert.equal(groups[0]!.options[1]!.value, 'process_cpu:samples:count:cpu:nanoseconds');
  });

  test('no types, no groups', () => {
    assert.deepEqual(groupedProfileTypes([]), []);
  });
});

describe('labels by cardinality', () => {
  test('largest first, ties by name, input untouched', () => {
    const input = [
      { name: 'region', cardinality: 2, values: [] },
      { name: 'pod', cardinality: 12, values: [] },
      { name: 'az', cardinality: 2, values: [] },
    ];
    assert.deepEqual(
      byCardinality(input).map((l) => l.name),
      ['pod', 'az', 'region']
    );
    assert.deepEqual(
      input.map((l) => l.name),
      ['region', 'pod', 'az']
    );
  });
});
