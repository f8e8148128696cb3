import { z } from 'zod';

import { normalizeFrameFilters, type FrameFilters, type FramePreset } from '../state/frameFilters';
import type { MsRange } from '../state/timeRange';
import { WireFormatError } from './errors';
import { resourcePath } from './paths';
import * as schema from './schemas';
import type { Transport } from './transport';
import type {
  AdhocProfile,
  CallTreeResponse,
  DataSourcesResponse,
  DiffResponse,
  Favorite,
  FavoriteContent,
  FlameGraphResponse,
  FunctionDetailsResponse,
  HealthResponse,
  LabelsResponse,
  SandwichResponse,
  SeriesResponse,
  ServiceResponse,
  ServicesResponse,
  StatsResponse,
  UserSettings,
} from './wire';

/** Which source and which time range; the datasource undefined means the backend's default source. */
export interface Scope {
  datasource?: string | undefined;
  range: MsRange;
}

/**
 * One selection of profiles: which source, which type, which series, which time range (ms, both ends
 * included), and the frame filters applied to its stacks (flamegraph, sandwich, export; the series
 * routes do not take them).
 */
export interface Selection {
  datasource?: string | undefined;
  profileType: string;
  selector: string;
  from: number;
  to: number;
  frames?: FrameFilters | undefined;
}

/** One side of a diff: the profile type and the frame filters are shared, everything else may differ. */
export type DiffSideSelection = Omit<Selection, 'profileType' | 'frames'>;

/** GET series: the one query of every chart. */
export interface SeriesQuery extends Scope {
  profileType: string;
  selector: string;
  groupBy?: string[] | undefined;
  limit?: number | undefined;
  step?: number | undefined;
  aggregation?: 'sum' | 'average' | undefined;
}

export type ExportFormat = 'pprof' | 'folded' | 'flamebearer';

type Params = Record<string, string | number | undefined>;

/**
 * The user's settings as stored: the contract's fields, and `framePresets` when the server keeps
 * them (absent from a server that does not: see `framePresetsSchema`).
 */
export type StoredSettings = UserSettings & { framePresets?: FramePreset[] };

function storedSettings(path: string, body: unknown): StoredSettings {
  const settings: StoredSettings = schema.parseAnswer(schema.userSettingsSchema, path, body);
  if (body !== null && typeof body === 'object' && 'framePresets' in body) {
    const presets = schema.parseAnswer(z.object({ framePresets: schema.framePresetsSchema }), path, body).framePresets;
    settings.framePresets = presets.map(({ name, ...filters }) => ({ name, filters }));
  }
  return settings;
}

/** The path of a route with its query string; undefined and empty parameters are left out, the order kept (easier to read in logs). */
export function routeUrl(route: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      query.set(key, String(value));
    }
  }
  const text = query.toString();
  return text === '' ? resourcePath(route) : `${resourcePath(route)}?${text}`;
}

function scopeParams(scope: Scope): Params {
  return { datasource: scope.datasource, from: Math.floor(scope.range.from), to: Math.ceil(scope.range.to) };
}

function selectionParams(s: Selection): Params {
  return { datasource: s.datasource, profileType: s.profileType, selector: s.selector, from: s.from, to: s.to, ...frameParams(s.frames) };
}

/** `focus`, `ignore`, `hide`, `show`, `granularity`: only those set, the default granularity left out. */
function frameParams(frames: FrameFilters | undefined): Params {
  return { ...normalizeFrameFilters(frames ?? {}) };
}

/**
 * The one typed client of the app's resource routes (docs/openapi.yaml). Every view calls the backend
 * through it, so a route's path, its parameters and the check of its answer live in one place; a
 * contract drift surfaces as a WireFormatError naming the field.
 */
export class HotpathApi {
  constructor(private readonly transport: Transport) {}

  private async get<T>(path: string, answer: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
    return schema.parseAnswer(answer, path, await this.transport.getJson(path, signal));
  }

  dataSources(signal?: AbortSignal): Promise<DataSourcesResponse> {
    return this.get(routeUrl('datasources'), schema.dataSourcesSchema, signal);
  }

  health(signal?: AbortSignal): Promise<HealthResponse> {
    return this.get(routeUrl('health'), schema.healthSchema, signal);
  }

  stats(datasource: string | undefined, signal?: AbortSignal): Promise<StatsResponse> {
    return this.get(routeUrl('stats', { datasource }), schema.statsSchema, signal);
  }

  services(scope: Scope, signal?: AbortSignal): Promise<ServicesResponse> {
    return this.get(routeUrl('services', scopeParams(scope)), schema.serviceListSchema, signal);
  }

  series(q: SeriesQuery, signal?: AbortSignal): Promise<SeriesResponse> {
    const path = routeUrl('series', {
      ...scopeParams(q),
      profileType: q.profileType,
      selector: q.selector,
      groupBy: q.groupBy?.join(','),
      limit: q.limit,
      step: q.step,
      aggregation: q.aggregation,
    });
    return this.get(path, schema.seriesAnswerSchema, signal);
  }

  service(scope: Scope & { service: string; selector?: string; step?: number }, signal?: AbortSignal): Promise<ServiceResponse> {
    const path = routeUrl('service', { ...scopeParams(scope), service: scope.service, selector: scope.selector, step: scope.step });
    return this.get(path, schema.serviceAnswerSchema, signal);
  }

  labels(scope: Scope & { profileType: string; selector: string; top?: number }, signal?: AbortSignal): Promise<LabelsResponse> {
    const path = routeUrl('labels', { ...scopeParams(scope), profileType: scope.profileType, selector: scope.selector, top: scope.top });
    return this.get(path, schema.labelsSchema, signal);
  }

  async labelNames(scope: Scope & { selector: string; profileType?: string }, signal?: AbortSignal): Promise<string[]> {
    const path = routeUrl('label-names', { ...scopeParams(scope), selector: scope.selector, profileType: scope.profileType });
    return (await this.get(path, schema.labelNamesSchema, signal)).names;
  }

  async labelValues(scope: Scope & { selector: string; name: string; profileType?: string }, signal?: AbortSignal): Promise<string[]> {
    const path = routeUrl('label-values', { ...scopeParams(scope), selector: scope.selector, profileType: scope.profileType, name: scope.name });
    return (await this.get(path, schema.labelValuesSchema, signal)).values;
  }

  /** `focusPath` (frame names, root first) asks for that call path's subtree only, with the whole node budget. */
  flameGraph(s: Selection, maxNodes: number | undefined, signal?: AbortSignal, focusPath?: readonly string[]): Promise<FlameGraphResponse> {
    const path = routeUrl('flamegraph', {
      ...selectionParams(s),
      maxNodes,
      focusPath: focusPath && focusPath.length > 0 ? JSON.stringify(focusPath) : undefined,
    });
    return this.get(path, schema.flameGraphAnswerSchema, signal);
  }

  sandwich(s: Selection, fn: string, maxNodes: number | undefined, signal?: AbortSignal): Promise<SandwichResponse> {
    return this.get(routeUrl('sandwich', { ...selectionParams(s), function: fn, maxNodes }), schema.sandwichAnswerSchema, signal);
  }

  diff(
    profileType: string,
    baseline: DiffSideSelection,
    comparison: DiffSideSelection,
    maxNodes: number | undefined,
    signal?: AbortSignal,
    frames?: FrameFilters
  ): Promise<DiffResponse> {
    const path = routeUrl('diff', {
      profileType,
      maxNodes,
      ...frameParams(frames),
      baselineDatasource: baseline.datasource,
      baselineSelector: baseline.selector,
      baselineFrom: baseline.from,
      baselineTo: baseline.to,
      comparisonDatasource: comparison.datasource,
      comparisonSelector: comparison.selector,
      comparisonFrom: comparison.from,
      comparisonTo: comparison.to,
    });
    return this.get(path, schema.diffAnswerSchema, signal);
  }

  /** One function of the selection: its cost per line, its callers and callees (`name` at `functions` granularity). */
  functionDetails(s: Selection, fn: string, signal?: AbortSignal): Promise<FunctionDetailsResponse> {
    // The route names functions at `functions` granularity and takes no other.
    const frames = s.frames ? { ...s.frames, granularity: undefined } : undefined;
    return this.get(routeUrl('function-details', { ...selectionParams({ ...s, frames }), function: fn }), schema.functionDetailsSchema, signal);
  }

  /** The selection as a call tree, top-down or bottom-up (the inverted tree), truncated to `maxNodes`. */
  callTree(s: Selection, direction: 'top-down' | 'bottom-up', maxNodes: number | undefined, signal?: AbortSignal): Promise<CallTreeResponse> {
    return this.get(routeUrl('call-tree', { ...selectionParams(s), direction, maxNodes }), schema.callTreeSchema, signal);
  }

  /** A link the browser downloads directly (same path inside Grafana and standalone). */
  exportUrl(format: ExportFormat, s: Selection, maxNodes?: number): string {
    return routeUrl('export', { format, ...selectionParams(s), maxNodes: format === 'flamebearer' ? maxNodes : undefined });
  }

  async uploadAdhoc(name: string, file: Blob | ArrayBuffer, signal?: AbortSignal): Promise<AdhocProfile> {
    const path = routeUrl('adhoc/upload', { name });
    return schema.parseAnswer(schema.adhocProfileSchema, path, await this.transport.request(path, { method: 'POST', body: file, signal }));
  }

  async listAdhoc(signal?: AbortSignal): Promise<AdhocProfile[]> {
    return (await this.get(routeUrl('adhoc/list'), schema.adhocListSchema, signal)).profiles;
  }

  adhocFlameGraph(id: string, profileType: string, maxNodes: number | undefined, signal?: AbortSignal): Promise<FlameGraphResponse> {
    return this.get(routeUrl('adhoc/flamegraph', { id, profileType, maxNodes }), schema.flameGraphAnswerSchema, signal);
  }

  adhocDiff(
    baseline: { id: string; profileType: string },
    comparison: { id: string; profileType: string },
    maxNodes: number | undefined,
    signal?: AbortSignal
  ): Promise<DiffResponse> {
    const same = baseline.profileType === comparison.profileType;
    const path = routeUrl('adhoc/diff', {
      baselineId: baseline.id,
      comparisonId: comparison.id,
      profileType: same ? baseline.profileType : undefined,
      baselineProfileType: same ? undefined : baseline.profileType,
      comparisonProfileType: same ? undefined : comparison.profileType,
      maxNodes,
    });
    return this.get(path, schema.diffAnswerSchema, signal);
  }

  async listFavorites(signal?: AbortSignal): Promise<Favorite[]> {
    return (await this.get(routeUrl('favorites'), schema.favoriteListSchema, signal)).favorites;
  }

  async addFavorite(content: FavoriteContent, signal?: AbortSignal): Promise<Favorite> {
    const path = routeUrl('favorites');
    return schema.parseAnswer(schema.favoriteSchema, path, await this.transport.request(path, { method: 'POST', body: content, signal }));
  }

  async removeFavorite(id: string, signal?: AbortSignal): Promise<void> {
    const path = routeUrl('favorites', { id });
    const body = await this.transport.request(path, { method: 'DELETE', signal });
    if (body !== undefined) {
      throw new WireFormatError(path, 'expected an empty answer (204)');
    }
  }

  async getSettings(signal?: AbortSignal): Promise<StoredSettings> {
    const path = routeUrl('settings');
    return storedSettings(path, await this.transport.getJson(path, signal));
  }

  /** PUT replaces every field, so `settings` is the whole set (what getSettings answered, changed). */
  async putSettings(settings: StoredSettings, signal?: AbortSignal): Promise<StoredSettings> {
    const path = routeUrl('settings');
    const { framePresets, ...fields } = settings;
    const wire =
      framePresets === undefined ? fields : { ...fields, framePresets: framePresets.map((p) => ({ name: p.name, ...normalizeFrameFilters(p.filters) })) };
    const body = await this.transport.request(path, { method: 'PUT', body: wire, signal });
    // The route may answer the stored settings or nothing; either way the caller gets what is stored.
    return body === undefined ? settings : storedSettings(path, body);
  }
}
