import { formatFilters, parseFilters } from './filters';
import { FRAME_FILTER_KEYS, normalizeFrameFilters, readFocusPath, readFrameFilters } from './frameFilters';
import type { DiffSide, RawRange, ViewName, ViewState } from './viewState';

/**
 * ViewState ↔ URL query string. Reading never fails: a value that does not make sense (unknown view,
 * malformed profile type, garbage number, bad matcher) is dropped and its default used, so any link,
 * however old or hand-edited, opens a working page. Writing keeps query parameters that are not ours
 * (Grafana's `orgId`, for instance).
 */

export const VIEWS: readonly ViewName[] = ['all-services', 'service', 'labels', 'flame-graph', 'diff', 'favorites', 'adhoc'];

export const DEFAULT_RANGE: RawRange = { from: 'now-1h', to: 'now' };

export const MAX_NODES_LIMIT = 1_048_576;

/** Longest function name a `details` link may carry (longer ones are dropped on reading). */
const MAX_FUNCTION_NAME = 4096;

/** Every query parameter the app owns; anything else in the URL is left alone. */
export const URL_KEYS = [
  'view',
  'datasource',
  'profileType',
  'service',
  'filters',
  'from',
  'to',
  'groupBy',
  'maxNodes',
  'search',
  'baselineFilters',
  'baselineFrom',
  'baselineTo',
  'comparisonFilters',
  'comparisonFrom',
  'comparisonTo',
  ...FRAME_FILTER_KEYS,
  'granularity',
  'focusPath',
  'details',
  'tree',
] as const;

export function defaultViewState(): ViewState {
  return { view: 'all-services', filters: [], range: { ...DEFAULT_RANGE } };
}

const UID = /^[A-Za-z0-9_-]{1,64}$/;
// The backend's rule for label names (docs/api.md): non-empty, no whitespace, control characters,
// quotes, commas, braces or `=~!`; UTF-8 names such as `service.name` or `região` are fine.
const LABEL_NAME = /^[^\s\p{Cc}"'`,{}=~!]+$/u;
const ABSOLUTE_MS = /^\d{1,16}$/;
// Grafana's relative time: now, then any number of ±N<unit> offsets, then optional /<unit> rounding.
const RELATIVE = /^now(?:[+-]\d+(?:ms|[smhdwMy]))*(?:\/[smhdwMy])?$/;

/** True for a profile type id: five non-empty parts separated by ':'. */
export function isProfileTypeId(text: string): boolean {
  const parts = text.split(':');
  return parts.length === 5 && parts.every((p) => p.trim() !== '' && p === p.trim());
}

export function isRawTime(text: string): boolean {
  return ABSOLUTE_MS.test(text) || RELATIVE.test(text);
}

/** A range both of whose ends are valid; absolute ends in the wrong order are refused. */
function rangeOf(from: string | null, to: string | null, fallback: RawRange): RawRange {
  if (from === null || to === null || !isRawTime(from) || !isRawTime(to)) {
    return { ...fallback };
  }
  if (ABSOLUTE_MS.test(from) && ABSOLUTE_MS.test(to) && Number(from) > Number(to)) {
    return { ...fallback };
  }
  return { from, to };
}

function sideOf(params: URLSearchParams, prefix: 'baseline' | 'comparison', range: RawRange): DiffSide | undefined {
  const filters = params.get(`${prefix}Filters`);
  const from = params.get(`${prefix}From`);
  const to = params.get(`${prefix}To`);
  if (filters === null && from === null && to === null) {
    return undefined;
  }
  return { filters: filters === null ? [] : parseFilters(filters).filters, range: rangeOf(from, to, range) };
}

export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const state = defaultViewState();
  const text = (key: string) => {
    const value = params.get(key);
    return value === null || value.trim() === '' ? undefined : value;
  };

  const view = text('view');
  if (view !== undefined && (VIEWS as readonly string[]).includes(view)) {
    state.view = view as ViewName;
  }
  const datasource = text('datasource');
  if (datasource !== undefined && UID.test(datasource)) {
    state.datasource = datasource;
  }
  const profileType = text('profileType');
  if (profileType !== undefined && isProfileTypeId(profileType)) {
    state.profileType = profileType;
  }
  const service = text('service');
  if (service !== undefined) {
    state.service = service;
  }
  const filters = text('filters');
  if (filters !== undefined) {
    state.filters = parseFilters(filters).filters;
  }
  state.range = rangeOf(params.get('from'), params.get('to'), DEFAULT_RANGE);
  const groupBy = text('groupBy');
  if (groupBy !== undefined && LABEL_NAME.test(groupBy)) {
    state.groupBy = groupBy;
  }
  const maxNodes = text('maxNodes');
  if (maxNodes !== undefined && /^\d{1,8}$/.test(maxNodes) && Number(maxNodes) >= 1 && Number(maxNodes) <= MAX_NODES_LIMIT) {
    state.maxNodes = Number(maxNodes);
  }
  const quickSearch = params.get('search');
  if (quickSearch !== null && quickSearch !== '') {
    state.search = quickSearch;
  }
  const frameFilters = readFrameFilters((key) => params.get(key));
  if (frameFilters) {
    state.frameFilters = frameFilters;
  }
  const focusPath = readFocusPath(params.get('focusPath'));
  if (focusPath) {
    state.focusPath = focusPath;
  }
  const details = params.get('details');
  if (details !== null && details !== '' && details.length <= MAX_FUNCTION_NAME) {
    state.details = details;
  }
  const tree = text('tree');
  if (tree === 'top-down' || tree === 'bottom-up') {
    state.tree = tree;
  }
  const baseline = sideOf(params, 'baseline', state.range);
  const comparison = sideOf(params, 'comparison', state.range);
  if (baseline) {
    state.baseline = baseline;
  }
  if (comparison) {
    state.comparison = comparison;
  }
  return state;
}

/** The query string for `state`, keeping `existing`'s parameters that the app does not own. Defaults are left out. */
export function serializeViewState(state: ViewState, existing = ''): string {
  const params = new URLSearchParams(existing);
  for (const key of URL_KEYS) {
    params.delete(key);
  }
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') {
      params.set(key, value);
    }
  };
  set('view', state.view === 'all-services' ? undefined : state.view);
  set('datasource', state.datasource);
  set('profileType', state.profileType);
  set('service', state.service);
  set('filters', state.filters.length > 0 ? formatFilters(state.filters) : undefined);
  set('from', state.range.from);
  set('to', state.range.to);
  set('groupBy', state.groupBy);
  set('maxNodes', state.maxNodes === undefined ? undefined : String(state.maxNodes));
  set('search', state.search);
  const frames = normalizeFrameFilters(state.frameFilters ?? {});
  for (const key of FRAME_FILTER_KEYS) {
    set(key, frames[key]);
  }
  set('granularity', frames.granularity);
  set('focusPath', state.focusPath && state.focusPath.length > 0 ? JSON.stringify(state.focusPath) : undefined);
  set('details', state.details);
  set('tree', state.tree);
  for (const [prefix, side] of [
    ['baseline', state.baseline],
    ['comparison', state.comparison],
  ] as const) {
    if (side) {
      set(`${prefix}Filters`, formatFilters(side.filters));
      set(`${prefix}From`, side.range.from);
      set(`${prefix}To`, side.range.to);
    }
  }
  return params.toString();
}

/**
 * The state after a user action, with Explore Profiles' reset rules applied (whatever the patch sets
 * explicitly wins over a reset):
 * - another data source or another service clears the filters and both comparison sides, which
 *   name label values of the old selection;
 * - another view clears the quick search and the group-by label, and leaving the diff view drops the
 *   comparison sides;
 * - another data source, service, profile type, view or granularity clears the focused call path
 *   and the details drawer, which name frames of the old graph; another view also leaves the call
 *   tree. Frame filters are kept: they are regular expressions about code, not about one selection.
 */
export function applyNavigation(current: ViewState, patch: Partial<ViewState>): ViewState {
  const next: ViewState = { ...current, ...patch };
  const has = (key: keyof ViewState) => Object.prototype.hasOwnProperty.call(patch, key);
  const changed = (key: 'datasource' | 'service' | 'view' | 'profileType') => has(key) && patch[key] !== current[key];

  if (changed('datasource') || changed('service')) {
    if (!has('filters')) {
      next.filters = [];
    }
    if (!has('baseline')) {
      delete next.baseline;
    }
    if (!has('comparison')) {
      delete next.comparison;
    }
  }
  if (changed('view')) {
    if (!has('search')) {
      delete next.search;
    }
    if (!has('groupBy')) {
      delete next.groupBy;
    }
    if (next.view !== 'diff') {
      if (!has('baseline')) {
        delete next.baseline;
      }
      if (!has('comparison')) {
        delete next.comparison;
      }
    }
  }
  const granularityChanged = has('frameFilters') && (patch.frameFilters?.granularity ?? 'functions') !== (current.frameFilters?.granularity ?? 'functions');
  if (changed('datasource') || changed('service') || changed('view') || changed('profileType') || granularityChanged) {
    for (const key of ['focusPath', 'details'] as const) {
      if (!has(key)) {
        delete next[key];
      }
    }
  }
  if (changed('view') && !has('tree')) {
    delete next.tree;
  }
  if (next.frameFilters && Object.keys(normalizeFrameFilters(next.frameFilters)).length === 0) {
    delete next.frameFilters;
  }
  for (const key of Object.keys(next) as Array<keyof ViewState>) {
    if (next[key] === undefined) {
      delete next[key];
    }
  }
  return next;
}

/**
 * The query string to share: the same view with relative times ("now-1h") replaced by the ms they
 * resolve to now, so whoever opens the link sees the same window of data.
 */
export function shareableSearch(state: ViewState, resolved: { from: number; to: number }, existing = ''): string {
  const absolute = (range: RawRange, fallback: RawRange): RawRange =>
    range.from === fallback.from && range.to === fallback.to ? { from: String(Math.floor(resolved.from)), to: String(Math.ceil(resolved.to)) } : range;
  const next: ViewState = { ...state, range: absolute(state.range, state.range) };
  for (const side of ['baseline', 'comparison'] as const) {
    const value = state[side];
    // A side that shares the main relative range moves with it; other relative sides are kept as written.
    if (value) {
      next[side] = { ...value, range: absolute(value.range, state.range) };
    }
  }
  return serializeViewState(next, existing);
}
