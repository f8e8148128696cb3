import type { Filter, FilterOperator } from './viewState';

/**
 * Reads back a label selector as `selectorOf` writes it (`{service_name="checkout", pod=~"a|b"}`):
 * the service and the other matchers as filters. Used to open a favorite, which stores its selector.
 * Anything else is an error naming the position, so a hand-edited favorite fails loudly.
 */
export function parseSelector(selector: string): { service?: string; filters: Filter[] } {
  const text = selector.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) {
    throw new Error(`selector ${JSON.stringify(selector)}: expected {label="value", …}`);
  }
  const body = text.slice(1, -1);
  const matcher = /\s*([a-zA-Z_][a-zA-Z0-9_]*|"(?:[^"\\]|\\.)*")\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*")\s*(,|$)/y;
  const filters: Filter[] = [];
  let service: string | undefined;
  let at = 0;
  while (at < body.length && body.slice(at).trim() !== '') {
    matcher.lastIndex = at;
    const m = matcher.exec(body);
    if (m === null) {
      throw new Error(`selector ${JSON.stringify(selector)}: cannot read a matcher at position ${at + 1}`);
    }
    const label = m[1]!.startsWith('"') ? (JSON.parse(m[1]!) as string) : m[1]!;
    const op = m[2] as FilterOperator;
    const value = JSON.parse(m[3]!) as string;
    if (label === 'service_name' && op === '=' && service === undefined) {
      service = value;
    } else {
      filters.push({ label, op, value });
    }
    at = matcher.lastIndex;
  }
  return service === undefined ? { filters } : { service, filters };
}
