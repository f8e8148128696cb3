import type { Filter, FilterOperator } from './viewState';

export const FILTER_OPERATORS: readonly FilterOperator[] = ['=', '!=', '=~', '!~'];

const PLAIN_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Writes filters as a selector body without the service: `{pod=~"a|b", region="eu"}` (the URL form). */
export function formatFilters(filters: readonly Filter[]): string {
  return `{${filters.map(formatFilter).join(', ')}}`;
}

export function formatFilter(f: Filter): string {
  return `${PLAIN_LABEL.test(f.label) ? f.label : JSON.stringify(f.label)}${f.op}${JSON.stringify(f.value)}`;
}

export interface ParsedFilters {
  filters: Filter[];
  /** One entry per matcher that was dropped, naming what was wrong with it. */
  dropped: string[];
}

/**
 * Reads the URL form of filters. A bad matcher (unknown operator, unquoted value, empty label) is
 * dropped on its own and reported; the good ones around it are kept, so one hand-edited mistake in a
 * shared link does not lose the rest.
 */
export function parseFilters(text: string): ParsedFilters {
  const result: ParsedFilters = { filters: [], dropped: [] };
  let body = text.trim();
  if (body === '') {
    return result;
  }
  if (!body.startsWith('{') || !body.endsWith('}')) {
    result.dropped.push(`${JSON.stringify(text)}: expected {label="value", …}`);
    return result;
  }
  body = body.slice(1, -1);
  for (const part of splitTopLevel(body)) {
    if (part.trim() === '') {
      continue;
    }
    const parsed = parseMatcher(part.trim());
    if (typeof parsed === 'string') {
      result.dropped.push(`${JSON.stringify(part.trim())}: ${parsed}`);
    } else {
      result.filters.push(parsed);
    }
  }
  return result;
}

/** Splits on commas outside double-quoted strings. */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted && c === '\\') {
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

/** Reads one `label op "value"`; answers the reason as a string when it is not one. */
function parseMatcher(text: string): Filter | string {
  let rest = text;
  let label: string;
  if (rest.startsWith('"')) {
    const end = quotedEnd(rest);
    if (end < 0) {
      return "the label's quote is not closed";
    }
    label = decodeQuoted(rest.slice(0, end + 1));
    rest = rest.slice(end + 1).trimStart();
  } else {
    const m = /^[a-zA-Z_][a-zA-Z0-9_.]*/.exec(rest);
    if (!m) {
      return 'expected a label name first';
    }
    label = m[0];
    rest = rest.slice(label.length).trimStart();
  }
  if (label === '') {
    return 'the label name is empty';
  }
  const op = (['=~', '!~', '!=', '='] as const).find((o) => rest.startsWith(o));
  if (op === undefined || /^(==|=!|!=[~=]|=~~)/.test(rest)) {
    return `unknown operator after ${JSON.stringify(label)}: expected one of ${FILTER_OPERATORS.join(' ')}`;
  }
  rest = rest.slice(op.length).trimStart();
  if (!rest.startsWith('"')) {
    return 'the value must be a double-quoted string';
  }
  const end = quotedEnd(rest);
  if (end !== rest.length - 1) {
    return end < 0 ? "the value's quote is not closed" : 'unexpected text after the value';
  }
  const value = decodeQuoted(rest);
  if (op === '=~' || op === '!~') {
    const problem = regexProblem(value);
    if (problem) {
      return `the value is not a valid regular expression (${problem})`;
    }
  }
  return { label, op, value };
}

function quotedEnd(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
    } else if (text[i] === '"') {
      return i;
    }
  }
  return -1;
}

function decodeQuoted(quoted: string): string {
  try {
    const value: unknown = JSON.parse(quoted);
    return typeof value === 'string' ? value : quoted.slice(1, -1);
  } catch {
    // Prometheus also allows escapes JSON does not (e.g. `\.` in regexes); keep them verbatim.
    return quoted.slice(1, -1).replace(/\\"/g, '"');
  }
}

function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(`^(?:${pattern})$`);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Adds "label is value" (include) or "label is not value" (exclude) the way Explore Profiles does: a
 * second value for a label already included widens `=`/`=~` to `=~"a|b"`; excludes gather in `!~`.
 */
export function withLabelValue(filters: readonly Filter[], label: string, value: string, mode: 'include' | 'exclude'): Filter[] {
  const positive = mode === 'include';
  const [single, multi]: [FilterOperator, FilterOperator] = positive ? ['=', '=~'] : ['!=', '!~'];
  // An include of a value contradicts an exclude of the same value (and the reverse): drop the stale one.
  const kept = filters.filter((f) => !(f.label === label && f.op === (positive ? '!=' : '=') && f.value === value));
  const index = kept.findIndex((f) => f.label === label && (f.op === single || f.op === multi));
  if (index < 0) {
    return [...kept, { label, op: single, value }];
  }
  const existing = kept[index]!;
  const values = existing.op === single ? [escapeRegex(existing.value)] : existing.value.split('|');
  const escaped = escapeRegex(value);
  if (values.includes(escaped)) {
    return kept;
  }
  kept[index] = { label, op: multi, value: [...values, escaped].join('|') };
  return kept;
}

/** The filter that selects any of the given values of one label: `=` for one, `=~"a|b"` for several. */
export function anyOf(label: string, values: readonly string[]): Filter {
  if (values.length === 1) {
    return { label, op: '=', value: values[0]! };
  }
  return { label, op: '=~', value: values.map(escapeRegex).join('|') };
}
