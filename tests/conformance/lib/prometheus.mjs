// A strict reader of the Prometheus text exposition format (version 0.0.4), the payload Grafana serves
// verbatim from GET /api/plugins/:id/metrics. Throws naming the line that does not parse.
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text, where) {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`${where}: value ${JSON.stringify(text)} is not a number`);
  return Number(text);
}

function parseLabels(text, where) {
  const labels = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`${where}: label without '='`);
    const name = text.slice(i, eq).trim();
    if (!LABEL.test(name)) throw new Error(`${where}: bad label name ${JSON.stringify(name)}`);
    if (text[eq + 1] !== '"') throw new Error(`${where}: label ${name} value is not quoted`);
    let j = eq + 2;
    let value = '';
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === '\\') {
        const next = text[++j];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new Error(`${where}: bad escape \\${next} in label ${name}`);
      } else value += text[j];
    }
    if (j >= text.length) throw new Error(`${where}: unterminated value of label ${name}`);
    if (name in labels) throw new Error(`${where}: label ${name} repeated`);
    labels[name] = value;
    i = j + 1;
    if (text[i] === ',') i++;
    else if (i < text.length) throw new Error(`${where}: expected ',' after label ${name}`);
  }
  return labels;
}

function familyOf(sampleName, families) {
  if (families.has(sampleName)) return families.get(sampleName);
  for (const suffix of ['_bucket', '_sum', '_count', '_total', '_created']) {
    if (sampleName.endsWith(suffix)) {
      const base = families.get(sampleName.slice(0, -suffix.length));
      if (base) return base;
    }
  }
  return undefined;
}

/** Returns Map<familyName, {name, type, help, samples: [{name, labels, value}]}>. */
export function parsePrometheusText(text) {
  const families = new Map();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((raw, index) => {
    const where = `metrics line ${index + 1} ${JSON.stringify(raw.slice(0, 120))}`;
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith('#')) {
      const m = /^#\s*(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(line);
      if (!m) return; // plain comment
      const [, kind, name, rest] = m;
      if (!NAME.test(name)) throw new Error(`${where}: bad metric name`);
      const family = families.get(name) ?? { name, type: 'untyped', help: '', samples: [], typed: false };
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`${where}: unknown type ${JSON.stringify(rest)}`);
        if (family.typed) throw new Error(`${where}: second TYPE line for ${name}`);
        if (family.samples.length > 0) throw new Error(`${where}: TYPE after samples of ${name}`);
        family.type = rest;
        family.typed = true;
      } else {
        family.help = rest;
      }
      families.set(name, family);
      return;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+(-?\d+))?$/.exec(line);
    if (!m) throw new Error(`${where}: not "name{labels} value [timestamp]"`);
    const [, name, , labelText, valueText] = m;
    const sample = { name, labels: labelText ? parseLabels(labelText, where) : {}, value: parseValue(valueText, where) };
    let family = familyOf(name, families);
    if (!family) {
      family = { name, type: 'untyped', help: '', samples: [], typed: false };
      families.set(name, family);
    }
    family.samples.push(sample);
  });
  return families;
}

/** For a histogram family: per label set, cumulative buckets that never decrease, a +Inf bucket equal to _count, and a _sum. */
export function histogramProblems(family) {
  if (family.type !== 'histogram') return [];
  const problems = [];
  const series = new Map();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [], count: undefined, sum: undefined };
    if (sample.name === `${family.name}_bucket`) {
      if (le === undefined) problems.push(`${family.name} ${key}: bucket without le`);
      else entry.buckets.push([le === '+Inf' ? Infinity : Number(le), sample.value]);
    } else if (sample.name === `${family.name}_count`) entry.count = sample.value;
    else if (sample.name === `${family.name}_sum`) entry.sum = sample.value;
    series.set(key, entry);
  }
  for (const [key, { buckets, count, sum }] of series) {
    const where = `${family.name} ${key}`;
    const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) if (sorted[i][1] < sorted[i - 1][1]) problems.push(`${where}: bucket le=${sorted[i][0]} (${sorted[i][1]}) is below le=${sorted[i - 1][0]} (${sorted[i - 1][1]})`);
    const inf = sorted.find(([le]) => le === Infinity);
    if (!inf) problems.push(`${where}: no +Inf bucket`);
    else if (inf[1] !== count) problems.push(`${where}: +Inf bucket ${inf[1]} differs from _count ${count}`);
    if (sum === undefined) problems.push(`${where}: no _sum`);
  }
  return problems;
}
