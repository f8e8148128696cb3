import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { DiffFlameGraph, FlameGraph } from '../api/wire';
import { diffFlameGraphFrame, flameGraphFrame, truncationNote } from './frames';

// Stacks, root first, with their values:
//   main;work        60
//   main;idle        30
//   main             10   (self of main)
//   gc               20   (self of gc)
// Total 120. Depth-first nested set with children in name order:
//   0 total 120/0 · 1 gc 20/20 · 1 main 100/10 · 2 idle 30/30 · 2 work 60/60
const handMade: FlameGraph = {
  labels: ['total', 'gc', 'main', 'idle', 'work'],
  level: [0, 1, 1, 2, 2],
  value: [120, 20, 100, 30, 60],
  self: [0, 20, 10, 30, 60],
  label: [0, 1, 2, 3, 4],
  total: 120,
  otherTotal: 0,
  truncatedFraction: 0,
};

function field(frame: ReturnType<typeof flameGraphFrame>, name: string) {
  const f = frame.fields.find((x) => x.name === name);
  assert.ok(f, `field ${name} is missing`);
  return f;
}

describe('flameGraphFrame', () => {
  test("has the four fields the component reads, with the route's columns and the unit", () => {
    const frame = flameGraphFrame(handMade, 'ns');
    assert.equal(frame.length, 5);
    assert.deepEqual(
      frame.fields.map((f) => [f.name, f.type]),
      [
        ['level', 'number'],
        ['value', 'number'],
        ['self', 'number'],
        ['label', 'enum'],
      ]
    );
    assert.deepEqual(field(frame, 'level').values, [0, 1, 1, 2, 2]);
    assert.deepEqual(field(frame, 'value').values, [120, 20, 100, 30, 60]);
    assert.deepEqual(field(frame, 'self').values, [0, 20, 10, 30, 60]);
    assert.equal(field(frame, 'value').config.unit, 'ns');
    assert.deepEqual(field(frame, 'label').config.type?.enum?.text, handMade.labels);
  });

  test("each row's parent is the nearest row above it one level up, and children add up to at most the parent", () => {
    const frame = flameGraphFrame(handMade, 'bytes');
    const level = field(frame, 'level').values as number[];
    const value = field(frame, 'value').values as number[];
    const self = field(frame, 'self').values as number[];
    const names = (field(frame, 'label').values as number[]).map((i) => handMade.labels[i]);
    const parents = parentsOf(level);
    assert.deepEqual(
      parents.map((p) => (p < 0 ? null : names[p])),
      [null, 'total', 'total', 'main', 'main']
    );
    for (let i = 0; i < level.length; i++) {
      const children = parents.flatMap((p, j) => (p === i ? [value[j]!] : []));
      assert.equal(self[i]! + children.reduce((a, b) => a + b, 0), value[i], `row ${i} (${names[i]})`);
    }
  });

  test('an empty graph is an empty frame, not an error', () => {
    const frame = flameGraphFrame({ ...handMade, labels: [], level: [], value: [], self: [], label: [], total: 0 }, 'short');
    assert.equal(frame.length, 0);
  });
});

describe('diffFlameGraphFrame', () => {
  // Baseline: main;work 60, main 40. Comparison: main;work 90, main 30.
  const diff: DiffFlameGraph = {
    labels: ['total', 'main', 'work'],
    level: [0, 1, 2],
    value: [100, 100, 60],
    self: [0, 40, 60],
    valueRight: [120, 120, 90],
    selfRight: [0, 30, 90],
    label: [0, 1, 2],
    leftTotal: 100,
    rightTotal: 120,
    truncatedFraction: 0,
  };

  test('sums both sides into value/self, keeps the comparison in valueRight/selfRight', () => {
    const frame = diffFlameGraphFrame(diff, 'ns');
    assert.deepEqual(field(frame, 'value').values, [220, 220, 150]);
    assert.deepEqual(field(frame, 'self').values, [0, 70, 150]);
    assert.deepEqual(field(frame, 'valueRight').values, [120, 120, 90]);
    assert.deepEqual(field(frame, 'selfRight').values, [0, 30, 90]);
  });

  test('the baseline comes back as value − valueRight, as the component computes it', () => {
    const frame = diffFlameGraphFrame(diff, 'ns');
    const value = field(frame, 'value').values as number[];
    const right = field(frame, 'valueRight').values as number[];
    assert.deepEqual(
      value.map((v, i) => v - right[i]!),
      diff.value
    );
    assert.equal(frame.length, 3);
  });
});

describe('truncationNote', () => {
  test('names the folded share and the node limit', () => {
    assert.equal(truncationNote(0.125, 1024), "12.5% of the total is in 'other' (maxNodes 1024)");
    assert.equal(truncationNote(0.0312, 16384), "3.12% of the total is in 'other' (maxNodes 16384)");
    assert.equal(truncationNote(0.00001, 8), "< 0.01% of the total is in 'other' (maxNodes 8)");
  });

  test('says nothing when nothing was folded', () => {
    assert.equal(truncationNote(0, 16384), undefined);
  });
});

/** The parent of each row of a depth-first nested set (-1 for the root). */
function parentsOf(level: number[]): number[] {
  const stack: number[] = [];
  return level.map((l, i) => {
    stack.length = l;
    const parent = l === 0 ? -1 : stack[l - 1]!;
    stack.push(i);
    return parent;
  });
}
