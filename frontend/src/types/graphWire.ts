// JSON shapes of the flame-graph, diff, series, export, ad hoc, favorites and settings routes
// (docs/api.md, "View routes"). Decoded and checked in api/graphDecoders.ts.

// Shared with the exploration routes.
import type { ProfileType, Series, SeriesResponse, SeriesStats } from './exploreWire';

export type { ProfileType, Series, SeriesResponse, SeriesStats };

/** Nested set, rows depth-first with the root first; `label[i]` indexes `labels`. */
export interface FlameGraph {
  labels: string[];
  level: number[];
  value: number[];
  self: number[];
  label: number[];
  total: number;
  otherTotal: number;
  truncatedFraction: number;
}

/** `value`/`self` are the baseline's, `valueRight`/`selfRight` the comparison's. */
export interface DiffFlameGraph {
  labels: string[];
  level: number[];
  value: number[];
  self: number[];
  valueRight: number[];
  selfRight: number[];
  label: number[];
  leftTotal: number;
  rightTotal: number;
  truncatedFraction: number;
}

export interface FunctionRow {
  name: string;
  self: number;
  total: number;
}

export interface FunctionTable {
  rows: FunctionRow[];
  /** Functions before the `maxFunctions` cut. */
  count: number;
  total: number;
}

export interface DiffFunctionRow {
  name: string;
  baselineSelf: number;
  baselineTotal: number;
  comparisonSelf: number;
  comparisonTotal: number;
}

export interface DiffFunctionTable {
  rows: DiffFunctionRow[];
  count: number;
  baselineTotal: number;
  comparisonTotal: number;
}

export interface FlameGraphResponse {
  profileType: ProfileType;
  flamegraph: FlameGraph;
  functions: FunctionTable;
}

export interface SandwichResponse {
  profileType: ProfileType;
  function: string;
  self: number;
  total: number;
  callers: FlameGraph;
  callees: FlameGraph;
}

export interface DiffResponse {
  profileType: ProfileType;
  flamegraph: DiffFlameGraph;
  functions: DiffFunctionTable;
}

export interface AdhocProfile {
  id: string;
  name: string;
  profileTypes: ProfileType[];
  uploadedAtMs?: number;
  expiresAtMs: number;
}

export type FavoriteView = 'all-services' | 'service' | 'labels' | 'flame-graph' | 'diff';

export interface Favorite {
  id: string;
  datasource?: string;
  view: FavoriteView;
  profileType: string;
  service?: string;
  selector?: string;
  groupBy?: string;
  title?: string;
  createdMs: number;
}

/** What POST favorites takes: a favorite without its id and creation time. */
export type FavoriteContent = Omit<Favorite, 'id' | 'createdMs'>;

export interface UserSettings {
  maxNodes: number;
  collapsedFrames: boolean;
  defaultProfileType: string | null;
  defaultRange: string;
}
