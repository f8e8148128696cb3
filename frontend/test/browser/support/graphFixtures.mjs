// Graph-route answers for the browser tests, computed from synthetic stacks the way the backend
// computes them (docs/api.md, "View routes"; docs/flame-graphs.md): a call tree merged from stacks,
// written depth-first as a nested set with children in name order, and the exact function table
// (self = sum of leaf values per name, total = each stack counted once per name).

export const CPU = {
  id: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
  name: 'process_cpu',
  sampleType: 'cpu',
  sampleUnit: 'nanoseconds',
  periodType: 'cpu',
  periodUnit: 'nanoseconds',
  category: 'CPU',
  label: 'CPU time',
  unit: 'ns',
  aggregation: 'sum',
};

/** `count` distinct stacks over a small vocabulary of function names, deterministic. */
export function syntheticStacks(count, { depth = 6, names = 40, seed = 7 } = {}) {
  // mulberry32: every bit well mixed (an LCG's low bits cycle too soon for `% n`).
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const stacks = new Map();
  while (stacks.size < count) {
    const d = 1 + (next() % depth);
    const frames = ['main'];
    for (let i = 1; i < d; i++) {
      frames.push(`pkg${next() % 5}.fn${next() % names}`);
    }
    const key = frames.join(';');
    stacks.set(key, (stacks.get(key) ?? 0) + 1_000_000 * (1 + (next() % 50)));
  }
  return [...stacks].map(([key, value]) => ({ frames: key.split(';'), value }));
}

/** The nested set of the merged stacks, untruncated. */
export function nestedSet(stacks) {
  const root = { name: 'total', value: 0, self: 0, children: new Map() };
  for (const { frames, value } of stacks) {
    root.value += value;
    let node = root;
    for (const name of frames) {
      let child = node.children.get(name);
      if (!child) {
        node.children.set(name, (child = { name, value: 0, self: 0, children: new Map() }));
      }
      child.value += value;
      node = child;
    }
    node.self += value;
  }
  const labels = [];
  const index = new Map();
  const out = { labels, level: [], value: [], self: [], label: [], total: root.value, otherTotal: 0, truncatedFraction: 0 };
  const visit = (node, level) => {
    if (!index.has(node.name)) {
      index.set(node.name, labels.length);
      labels.push(node.name);
    }
    out.level.push(level);
    out.value.push(node.value);
    out.self.push(node.self);
    out.label.push(index.get(node.name));
    for (const name of [...node.children.keys()].sort()) {
      visit(node.children.get(name), level + 1);
    }
  };
  visit(root, 0);
  return out;
}

export function functionTable(stacks) {
  const self = new Map();
  const total = new Map();
  let sum = 0;
  for (const { frames, value } of stacks) {
    sum += value;
    const leaf = frames.at(-1);
    self.set(leaf, (self.get(leaf) ?? 0) + value);
    for (const name of new Set(frames)) {
      total.set(name, (total.get(name) ?? 0) + value);
    }
  }
  const rows = [...total.keys()].map((name) => ({ name, self: self.get(name) ?? 0, total: total.get(name) }));
  rows.sort((a, b) => b.self - a.self || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { rows, count: rows.length, total: sum };
}

export function flameGraphAnswer(stacks) {
  return { profileType: CPU, flamegraph: nestedSet(stacks), functions: functionTable(stacks) };
}

/** A diff of two stack sets, aligned by path: the baseline's columns and the comparison's. */
export function diffAnswer(baseline, comparison) {
  const tag = (stacks, side) => stacks.map((s) => ({ ...s, side }));
  const both = nestedSet([...tag(baseline, 'l'), ...tag(comparison, 'r')]);
  const left = valuesAlong(both, baseline);
  const right = valuesAlong(both, comparison);
  const fl = functionTable(baseline);
  const fr = functionTable(comparison);
  const names = [...new Set([...fl.rows, ...fr.rows].map((r) => r.name))];
  const row = (t, n) => t.rows.find((r) => r.name === n) ?? { self: 0, total: 0 };
  return {
    profileType: CPU,
    flamegraph: {
      labels: both.labels,
      level: both.level,
      label: both.label,
      value: left.value,
      self: left.self,
      valueRight: right.value,
      selfRight: right.self,
      leftTotal: fl.total,
      rightTotal: fr.total,
      truncatedFraction: 0,
    },
    functions: {
      rows: names.map((n) => ({
        name: n,
        baselineSelf: row(fl, n).self,
        baselineTotal: row(fl, n).total,
        comparisonSelf: row(fr, n).self,
        comparisonTotal: row(fr, n).total,
      })),
      count: names.length,
      baselineTotal: fl.total,
      comparisonTotal: fr.total,
    },
  };
}

/** One side's value and self along the rows of a merged nested set (paths the side lacks get 0). */
function valuesAlong(set, stacks) {
  const byPath = new Map();
  for (const { frames, value } of stacks) {
    for (let i = 1; i <= frames.length; i++) {
      const p = frames.slice(0, i).join(';');
      const e = byPath.get(p) ?? { value: 0, self: 0 };
      e.value += value;
      if (i === frames.length) {
        e.self += value;
      }
      byPath.set(p, e);
    }
  }
  const value = [];
  const self = [];
  const path = [];
  for (let i = 0; i < set.level.length; i++) {
    path.length = set.level[i];
    if (i > 0) {
      path.push(set.labels[set.label[i]]);
    }
    const e = i === 0 ? { value: stacks.reduce((a, s) => a + s.value, 0), self: 0 } : (byPath.get(path.join(';')) ?? { value: 0, self: 0 });
    value.push(e.value);
    self.push(e.self);
  }
  return { value, self };
}

export function seriesAnswer(from, to, labels = { service_name: 'checkout' }) {
  const step = 15_000;
  const timestamps = [];
  const values = [];
  for (let t = from - (from % step) + step; t <= to; t += step) {
    timestamps.push(t);
    values.push(1e9 + 5e8 * Math.sin(t / 600_000));
  }
  const total = values.reduce((a, b) => a + b, 0);
  return {
    profileType: CPU,
    step: 15,
    series: [{ labels, timestamps, values, stats: { total, average: total / values.length, max: Math.max(...values), points: values.length } }],
    totalSeries: 1,
  };
}

/**
 * A flame-graph answer of exactly `rows` nodes, as the backend's truncation sends it: the
 * depth-first prefix of a larger synthetic tree (a prefix of a nested set is a valid nested set).
 */
export function truncatedGraph(rows) {
  const many = syntheticStacks(3200, { depth: 12, names: 400 });
  const full = nestedSet(many);
  if (full.level.length < rows) {
    throw new Error(`synthetic tree has ${full.level.length} nodes, fewer than ${rows}`);
  }
  const flamegraph = Object.fromEntries(Object.entries(full).map(([k, v]) => [k, Array.isArray(v) && k !== 'labels' ? v.slice(0, rows) : v]));
  return { flamegraph, functions: functionTable(many) };
}
