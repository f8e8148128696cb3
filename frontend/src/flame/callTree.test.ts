import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { CallTreeNode } from '../api/wire';
import { allExpandable, childFlags, initialExpanded, visibleRows } from './callTree';
import { hottestLine, lineName } from './functionLines';
import { callPathOf, flameGraphFrame, functionOfFrame, nextFocusPath } from './frames';

// main ─┬─ work ─┬─ hash
//       │        └─ compute
//       └─ serve ── handle
// gc
const node = (name: string, depth: number): CallTreeNode => ({ name, depth, self: 1, total: 1 });
const TREE = [node('main', 0), node('work', 1), node('hash', 2), node('compute', 2), node('serve', 1), node('handle', 2), node('gc', 0)];

describe('call tree rows', () => {
  test('which nodes have children', () => {
    assert.deepEqual(childFlags(TREE), [true, true, false, false, true, false, false]);
    assert.deepEqual([...allExpandable(TREE)], [0, 1, 4]);
  });

  test('at first the roots are open, so the second level shows', () => {
    assert.deepEqual(
      visibleRows(TREE, initialExpanded(TREE)).map((i) => TREE[i]!.name),
      ['main', 'work', 'serve', 'gc']
    );
  });

  test('a collapsed node hides its whole subtree, even expanded descendants', () => {
    assert.deepEqual(
      visibleRows(TREE, new Set([1, 4])).map((i) => TREE[i]!.name),
      ['main', 'gc']
    );
    assert.deepEqual(
      visibleRows(TREE, new Set([0, 1])).map((i) => TREE[i]!.name),
      ['main', 'work', 'hash', 'compute', 'serve', 'gc']
    );
  });

  test('a search shows the matches and the path to each, whatever is expanded', () => {
    assert.deepEqual(
      visibleRows(TREE, new Set(), 'HAND').map((i) => TREE[i]!.name),
      ['main', 'serve', 'handle']
    );
    assert.deepEqual(
      visibleRows(TREE, new Set(), 'a').map((i) => TREE[i]!.name),
      ['main', 'work', 'hash', 'serve', 'handle']
    );
    assert.deepEqual(visibleRows(TREE, new Set(), 'nothing'), []);
  });
});

describe('frames of the flame graph', () => {
  const graph = {
    labels: ['total', 'main', 'work', 'hash', 'serve'],
    level: [0, 1, 2, 3, 2],
    value: [10, 10, 6, 4, 4],
    self: [0, 0, 2, 4, 4],
    label: [0, 1, 2, 3, 4],
    total: 10,
    otherTotal: 0,
    truncatedFraction: 0,
  };
  const frame = flameGraphFrame(graph, 'ns');

  test('the call path of a row is its ancestors below the root, root first', () => {
    assert.deepEqual(callPathOf(frame, 3), ['main', 'work', 'hash']);
    assert.deepEqual(callPathOf(frame, 4), ['main', 'serve']);
    assert.deepEqual(callPathOf(frame, 0), []);
    assert.deepEqual(callPathOf(frame, 99), []);
  });

  test('the next focus path: the clicked path under the focused frame, the overlap with a drawn path tail counted once', () => {
    assert.deepEqual(nextFocusPath(undefined, ['main', 'work'], 'total'), ['main', 'work']);
    assert.deepEqual(nextFocusPath(['main'], ['work', 'hash'], 'main'), ['main', 'work', 'hash']);
    assert.deepEqual(nextFocusPath(['main'], ['main', 'work'], 'total'), ['main', 'work']);
    assert.deepEqual(nextFocusPath(['main', 'work'], ['work', 'hash'], 'total'), ['main', 'work', 'hash']);
    assert.deepEqual(nextFocusPath(['main', 'work'], ['main', 'work', 'hash'], 'total'), ['main', 'work', 'hash']);
  });

  test('the function inside a frame at each granularity', () => {
    assert.equal(functionOfFrame('main.work', undefined), 'main.work');
    assert.equal(functionOfFrame('main.work /src/app/work.go', 'filefunctions'), 'main.work');
    assert.equal(functionOfFrame('operator new(unsigned long) /src/new.cc:42', 'lines'), 'operator new(unsigned long)');
    assert.equal(functionOfFrame('/src/app/work.go', 'files'), undefined);
  });
});

describe('function lines', () => {
  const line = (file: string, n: number, self: number) => ({ file, line: n, self, total: self + 1 });

  test('the hottest line is the one with most self, the first on a tie; none without self', () => {
    const lines = [line('a.go', 3, 5), line('a.go', 9, 7), line('b.go', 1, 7)];
    assert.equal(hottestLine(lines), lines[1]);
    assert.equal(hottestLine([line('a.go', 1, 0)]), undefined);
  });

  test('a line reads as its file name and number, the path in the title', () => {
    assert.deepEqual(lineName(line('/src/app/work.go', 42, 1)), { text: 'work.go:42', title: '/src/app/work.go' });
    assert.deepEqual(lineName(line('', 0, 1)), { text: 'unknown line' });
    assert.deepEqual(lineName(line('lib.so', 0, 1)), { text: 'lib.so', title: 'lib.so' });
  });
});
