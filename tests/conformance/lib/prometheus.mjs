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
