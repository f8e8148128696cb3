import type { DataFrame, Field, FieldType } from '@grafana/data';

import type { DiffFlameGraph, FlameGraph } from '../api/wire';

// Builds the DataFrame @grafana/flamegraph reads from the routes' nested-set columns. The columns are
// handed over as they are (no copy per node), and `label` becomes an enum field whose enum text is
// the route's `labels`, so 16,384 nodes cost one array per field. The frame is written out as a plain
// object (DataFrame is an interface) so this module loads without @grafana/data's runtime.

const NUMBER = 'number' as FieldType.number;
const ENUM = 'enum' as FieldType.enum;

function numberField(name: string, values: number[], unit?: string): Field<number> {
  return { name, type: NUMBER, values, config: unit === undefined ? {} : { unit } };
}

function frame(name: string, fields: Field[]): DataFrame {
  return { name, meta: { preferredVisualisationType: 'flamegraph' }, fields, length: fields[0]?.values.length ?? 0 };
}

/** A flame graph as the component takes it; `unit` is Grafana's unit id (`ns`, `bytes`, `short`). */
export function flameGraphFrame(graph: FlameGraph, unit: string): DataFrame {
  return frame('flamegraph', [
    numberField('level', graph.level),
    numberField('value', graph.value, unit),
    numberField('self', graph.self, unit),
    labelField(graph.labels, graph.label),
  ]);
}

/**
 * A diff as the component takes it. The component reads `value`/`self` as both sides together and
 * `valueRight`/`selfRight` as the comparison (it shows the baseline as value − valueRight), while the
 * route sends `value`/`self` for the baseline alone; so the left columns are summed here.
 */
export function diffFlameGraphFrame(graph: DiffFlameGraph, unit: string): DataFrame {
  const n = graph.level.length;
  const value = new Array<number>(n);
  const self = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    value[i] = graph.value[i]! + graph.valueRight[i]!;
    self[i] = graph.self[i]! + graph.selfRight[i]!;
  }
  return frame('flamegraph-diff', [
    numberField('level', graph.level),
    numberField('value', value, unit),
    numberField('self', self, unit),
    numberField('valueRight', graph.valueRight, unit),
    numberField('selfRight', graph.selfRight, unit),
    labelField(graph.labels, graph.label),
  ]);
}

function labelField(labels: string[], indices: number[]): Field<number> {
  return { name: 'label', type: ENUM, values: indices, config: { type: { enum: { text: labels } } } };
}

/** "12.5% of the total is in 'other' (maxNodes 1024)", or undefined when nothing was folded. */
export function truncationNote(truncatedFraction: number, maxNodes: number): string | undefined {
  if (truncatedFraction <= 0) {
    return undefined;
  }
  const percent = truncatedFraction * 100;
  const text = percent < 0.01 ? '< 0.01' : percent < 10 ? percent.toFixed(2) : percent.toFixed(1);
  return `${text}% of the total is in 'other' (maxNodes ${maxNodes})`;
}

const frames = new WeakMap<FlameGraph | DiffFlameGraph, DataFrame>();

/**
 * The frame of a decoded answer, built once per answer: the component resets its focus and redraws
 * whenever it receives a new frame object, so re-renders must hand it the same one.
 */
export function frameOf(graph: FlameGraph | DiffFlameGraph, unit: string): DataFrame {
  let frame = frames.get(graph);
  if (!frame) {
    frame = 'valueRight' in graph ? diffFlameGraphFrame(graph, unit) : flameGraphFrame(graph, unit);
    frames.set(graph, frame);
  }
  return frame;
}

/**
 * The call path of row `index` of a nested set, root first, without the root row itself: the label
 * of the nearest earlier row one level up, and so on to level 1 (depth-first order puts every
 * ancestor before its descendants, the nearest one last).
 */
export function callPathOf(frame: DataFrame, index: number): string[] {
  const levels = frame.fields.find((f) => f.name === 'level')?.values as number[] | undefined;
  const labelField = frame.fields.find((f) => f.name === 'label');
  if (!levels || !labelField || index < 0 || index >= levels.length) {
    return [];
  }
  const text = (labelField.config.type?.enum?.text ?? []) as string[];
  const labelAt = (i: number) => {
    const value = labelField.values[i] as number | string;
    return typeof value === 'number' ? (text[value] ?? '') : value;
  };
  const path: string[] = [];
  let want = levels[index]!;
  for (let i = index; i >= 0 && want > 0; i--) {
    if (levels[i] === want) {
      path.push(labelAt(i));
      want--;
    }
  }
  return path.reverse();
}

/** The label of a nested set's root row (`total`, or the focused frame of a focused graph). */
export function callPathRoot(frame: DataFrame): string {
  const labelField = frame.fields.find((f) => f.name === 'label');
  const value = labelField?.values[0] as number | string | undefined;
  return typeof value === 'number' ? (((labelField?.config.type?.enum?.text ?? []) as string[])[value] ?? '') : (value ?? '');
}

/** The synthetic rows a path cannot go through: the root and the rows truncation folded nodes into. */
export const SYNTHETIC_FRAMES: ReadonlySet<string> = new Set(['total', 'other']);

/**
 * The function name inside a frame written at `granularity` (docs/api.md: the non-empty parts among
 * function and file joined by one space, `main.work /src/work.go:42`), for the routes that take a
 * function name; undefined at `files`, whose frames name no function. The file follows the last
 * space, so function names with spaces in them survive.
 */
export function functionOfFrame(frame: string, granularity: string | undefined): string | undefined {
  if (granularity === undefined || granularity === 'functions') {
    return frame;
  }
  if (granularity === 'files') {
    return undefined;
  }
  const space = frame.lastIndexOf(' ');
  return space > 0 ? frame.slice(0, space) : frame;
}

/**
 * The focus path after clicking a bar whose call path in the drawn graph is `clicked`. The contract
 * draws a focused graph from the focused frame down (`rootLabel` is the path's last frame), so the
 * click extends the current path. A server that draws the path's tail under a `total` root gives a
 * clicked path starting with the end of the current one; that overlap is counted once.
 */
export function nextFocusPath(current: readonly string[] | undefined, clicked: readonly string[], rootLabel: string): string[] {
  const base = current ?? [];
  if (base.length === 0 || rootLabel !== 'total') {
    return [...base, ...clicked];
  }
  for (let k = Math.min(base.length, clicked.length); k > 0; k--) {
    if (clicked.slice(0, k).every((name, i) => base[base.length - k + i] === name)) {
      return [...base, ...clicked.slice(k)];
    }
  }
  return [...base, ...clicked];
}
