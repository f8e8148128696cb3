import type { DataQuery } from '@grafana/data';

// The nested data source's query model. It mirrors Grafana's Pyroscope data source field for field,
// so a dashboard built for Pyroscope keeps working when it is switched to Hotpath.

export type QueryType = 'metrics' | 'profile' | 'both';

export const QUERY_TYPES: ReadonlyArray<{ value: QueryType; label: string; description: string }> = [
  { value: 'metrics', label: 'Metric', description: 'Time series of the profile totals' },
  { value: 'profile', label: 'Profile', description: 'Flame graph of the whole time range' },
  { value: 'both', label: 'Both', description: 'Time series and flame graph' },
];

export interface HotpathQuery extends DataQuery {
  queryType: QueryType;
  /** Pyroscope profile type id: name:sample_type:sample_unit:period_type:period_unit. */
  profileTypeId: string;
  /** A label selector such as {service_name="checkout", region=~"eu-.*"}. */
  labelSelector: string;
  /** Labels to split time series by. */
  groupBy: string[];
  /** Upper bound on flame-graph nodes; the server's default when absent. */
  maxNodes?: number;
  /** Span ids whose profiles to keep (span profiles). */
  spanSelector?: string[];
  /** Maximum number of time series. */
  limit?: number;
}

/** A fresh default query each call: callers may mutate the arrays. */
export function defaultQuery(): Omit<HotpathQuery, 'refId'> {
  return { queryType: 'both', profileTypeId: '', labelSelector: '{}', groupBy: [], spanSelector: [] };
}

/** Fills what a saved or new query lacks, keeping every field it has. */
export function withDefaults(query: Partial<HotpathQuery> & Pick<DataQuery, 'refId'>): HotpathQuery {
  const defaults = defaultQuery();
  return {
    ...defaults,
    ...query,
    queryType: isQueryType(query.queryType) ? query.queryType : defaults.queryType,
    groupBy: query.groupBy ?? [],
    spanSelector: query.spanSelector ?? [],
  };
}

export function isQueryType(value: unknown): value is QueryType {
  return value === 'metrics' || value === 'profile' || value === 'both';
}

const PROFILE_TYPE_ID = /^[^:\s]+:[^:\s]+:[^:\s]+:[^:\s]*:[^:\s]*$/;

/** Problems with a query, keyed by field; an empty object means the query can run. */
export function validateQuery(query: HotpathQuery): Partial<Record<'profileTypeId' | 'labelSelector' | 'maxNodes', string>> {
  const problems: Partial<Record<'profileTypeId' | 'labelSelector' | 'maxNodes', string>> = {};
  const typeId = query.profileTypeId.trim();
  if (typeId !== '' && !typeId.includes('$') && !PROFILE_TYPE_ID.test(typeId)) {
    problems.profileTypeId = `"${typeId}" is not a profile type id; expected name:sample_type:sample_unit:period_type:period_unit, e.g. process_cpu:cpu:nanoseconds:cpu:nanoseconds`;
  }
  const selector = query.labelSelector.trim();
  if (selector !== '' && !(selector.startsWith('{') && selector.endsWith('}'))) {
    problems.labelSelector = `"${selector}" is not a label selector; expected {label="value", ...}`;
  }
  if (query.maxNodes !== undefined && (!Number.isInteger(query.maxNodes) || query.maxNodes < 1)) {
    problems.maxNodes = `max nodes must be a whole number of at least 1, got ${query.maxNodes}`;
  }
  return problems;
}

/**
 * Reads the max-nodes field: empty means "server default"; anything else must be a positive whole
 * number. Returns the value or an error message naming the bad text.
 */
export function parseMaxNodes(text: string): { value: number | undefined } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') {
    return { value: undefined };
  }
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1) {
    return { error: `max nodes must be a whole number of at least 1, got "${trimmed}"` };
  }
  return { value: Number(trimmed) };
}

/** Applies dashboard variables to every text field of a query. */
export function interpolateQuery(query: HotpathQuery, replace: (text: string) => string): HotpathQuery {
  return {
    ...query,
    profileTypeId: replace(query.profileTypeId),
    labelSelector: replace(query.labelSelector),
    groupBy: query.groupBy.map(replace).filter((label) => label !== ''),
    spanSelector: (query.spanSelector ?? []).map(replace).filter((span) => span !== ''),
  };
}
