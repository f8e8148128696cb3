import type { FrameFilters } from './frameFilters';

/**
 * The app's whole navigation state. It lives in the URL's query string (so a link shares it and Back
 * works); `urlState.ts` reads and writes it. Views receive it with `navigate`, never touch the URL.
 */
export type ViewName = 'all-services' | 'service' | 'labels' | 'flame-graph' | 'diff' | 'favorites' | 'adhoc';

export type FilterOperator = '=' | '!=' | '=~' | '!~';

export interface Filter {
  label: string;
  op: FilterOperator;
  value: string;
}

/** A time range as the user chose it: Grafana's raw form, relative (`now-1h`) or absolute (ms since the epoch as text). */
export interface RawRange {
  from: string;
  to: string;
}

/** One side of a comparison: its own filters and time range (the service and profile type are shared). */
export interface DiffSide {
  filters: Filter[];
  range: RawRange;
}

export interface ViewState {
  view: ViewName;
  /** Data source uid; undefined = the backend's default source. */
  datasource?: string;
  /** Full profile type id, e.g. `process_cpu:cpu:nanoseconds:cpu:nanoseconds`. */
  profileType?: string;
  service?: string;
  filters: Filter[];
  range: RawRange;
  /** Labels view: the label to break down by (undefined = all labels). */
  groupBy?: string;
  /** Flame graph: nodes kept (undefined = the user's setting or the backend default). */
  maxNodes?: number;
  /** Quick search over panels (All services, Single service, Favorites) or flame-graph search. */
  search?: string;
  baseline?: DiffSide;
  comparison?: DiffSide;
  /** Flame-graph views: pprof's frame filters and granularity (`focus`, `ignore`, `hide`, `show`, `granularity`). */
  frameFilters?: FrameFilters;
  /** Flame graph: the call path the server was asked for (frame names, root first); breadcrumbs lead back up. */
  focusPath?: string[];
  /** Flame graph: the function whose details drawer is open. */
  details?: string;
  /** Flame graph: the call tree shown instead of the flame graph. */
  tree?: CallTreeDirection;
}

export type CallTreeDirection = 'top-down' | 'bottom-up';

/** What every view receives: the state and a way to change it (a patch pushes a browser-history entry). */
export interface ViewProps {
  state: ViewState;
  navigate: (patch: Partial<ViewState>, options?: { replace?: boolean }) => void;
}

function quote(value: string): string {
  return JSON.stringify(value);
}

/** The Pyroscope label selector of a service and filters: `{service_name="checkout", pod=~"a|b"}`. */
export function selectorOf(service: string | undefined, filters: readonly Filter[]): string {
  const parts: string[] = [];
  if (service !== undefined) {
    parts.push(`service_name=${quote(service)}`);
  }
  for (const f of filters) {
    parts.push(`${/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(f.label) ? f.label : quote(f.label)}${f.op}${quote(f.value)}`);
  }
  return `{${parts.join(', ')}}`;
}
