import type {
  AdhocProfile,
  DiffResponse,
  Favorite,
  FavoriteContent,
  FlameGraphResponse,
  SandwichResponse,
  SeriesResponse,
  UserSettings,
} from '../types/graphWire';
import { WireFormatError } from './errors';
import {
  decodeAdhocList,
  decodeAdhocUpload,
  decodeDiffResponse,
  decodeFavorite,
  decodeFavorites,
  decodeFlameGraphResponse,
  decodeSandwichResponse,
  decodeSeriesResponse,
  decodeSettings,
} from './graphDecoders';
import { NumberDecoder } from './decode';
import { resourcePath } from './paths';
import type { Transport } from './transport';

/** One selection of profiles: which source, which type, which series, which time range (ms, both ends included). */
export interface Selection {
  datasource?: string;
  profileType: string;
  selector: string;
  from: number;
  to: number;
}

/** One side of a diff: the profile type is shared, everything else may differ. */
export type DiffSideSelection = Omit<Selection, 'profileType'>;

export interface SeriesQuery extends Selection {
  step?: number;
  groupBy?: string[];
  limit?: number;
  aggregation?: 'sum' | 'average';
}

export type ExportFormat = 'pprof' | 'folded' | 'flamebearer';

type Params = Record<string, string | number | undefined>;

/** The path of a route with its query string; undefined parameters are left out. */
export function routeUrl(route: string, params: Params): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) {
      query.set(key, String(value));
    }
  }
  const text = query.toString();
  return text === '' ? resourcePath(route) : `${resourcePath(route)}?${text}`;
}

function selectionParams(s: Selection): Params {
  return { datasource: s.datasource, profileType: s.profileType, selector: s.selector, from: s.from, to: s.to };
}

/**
 * The typed client of the graph routes (docs/api.md, "View routes"): series, flame graph, sandwich,
 * diff, export links, ad hoc profiles, favorites and the user's settings. Every answer is decoded
 * strictly; a contract drift surfaces as a WireFormatError naming the field.
 */
export class GraphApi {
  constructor(private readonly transport: Transport) {}

  async series(q: SeriesQuery, signal?: AbortSignal): Promise<SeriesResponse> {
    const path = routeUrl('series', {
      ...selectionParams(q),
      step: q.step,
      groupBy: q.groupBy && q.groupBy.length > 0 ? q.groupBy.join(',') : undefined,
      limit: q.limit,
      aggregation: q.aggregation,
    });
    return decodeSeriesResponse(path, await this.transport.getJson(path, signal));
  }

  async flameGraph(s: Selection, maxNodes: number | undefined, signal?: AbortSignal): Promise<FlameGraphResponse> {
    const path = routeUrl('flamegraph', { ...selectionParams(s), maxNodes });
    return decodeFlameGraphResponse(path, await this.transport.getJson(path, signal));
  }

  async sandwich(s: Selection, fn: string, maxNodes: number | undefined, signal?: AbortSignal): Promise<SandwichResponse> {
    const path = routeUrl('sandwich', { ...selectionParams(s), function: fn, maxNodes });
    return decodeSandwichResponse(path, await this.transport.getJson(path, signal));
  }

  async diff(
    profileType: string,
    baseline: DiffSideSelection,
    comparison: DiffSideSelection,
    maxNodes: number | undefined,
    signal?: AbortSignal
  ): Promise<DiffResponse> {
    const path = routeUrl('diff', {
      profileType,
      maxNodes,
      baselineDatasource: baseline.datasource,
      baselineSelector: baseline.selector,
      baselineFrom: baseline.from,
      baselineTo: baseline.to,
      comparisonDatasource: comparison.datasource,
      comparisonSelector: comparison.selector,
      comparisonFrom: comparison.from,
      comparisonTo: comparison.to,
    });
    return decodeDiffResponse(path, await this.transport.getJson(path, signal));
  }

  /** A link the browser downloads directly (same path inside Grafana and standalone). */
  exportUrl(format: ExportFormat, s: Selection, maxNodes?: number): string {
    return routeUrl('export', { format, ...selectionParams(s), maxNodes: format === 'flamebearer' ? maxNodes : undefined });
  }

  async uploadAdhoc(name: string, file: Blob | ArrayBuffer, signal?: AbortSignal): Promise<AdhocProfile> {
    const path = routeUrl('adhoc/upload', { name });
    return decodeAdhocUpload(path, await this.transport.request(path, { method: 'POST', body: file, signal }));
  }

  async listAdhoc(signal?: AbortSignal): Promise<AdhocProfile[]> {
    const path = routeUrl('adhoc/list', {});
    return decodeAdhocList(path, await this.transport.getJson(path, signal));
  }

  async adhocFlameGraph(id: string, profileType: string, maxNodes: number | undefined, signal?: AbortSignal): Promise<FlameGraphResponse> {
    const path = routeUrl('adhoc/flamegraph', { id, profileType, maxNodes });
    return decodeFlameGraphResponse(path, await this.transport.getJson(path, signal));
  }

  async adhocDiff(
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
    return decodeDiffResponse(path, await this.transport.getJson(path, signal));
  }

  async listFavorites(signal?: AbortSignal): Promise<Favorite[]> {
    const path = routeUrl('favorites', {});
    return decodeFavorites(path, await this.transport.getJson(path, signal));
  }

  async addFavorite(content: FavoriteContent, signal?: AbortSignal): Promise<Favorite> {
    const path = routeUrl('favorites', {});
    return decodeFavorite(new NumberDecoder(path), await this.transport.request(path, { method: 'POST', body: content, signal }), 'body');
  }

  async removeFavorite(id: string, signal?: AbortSignal): Promise<void> {
    const path = routeUrl('favorites', { id });
    const body = await this.transport.request(path, { method: 'DELETE', signal });
    if (body !== undefined) {
      throw new WireFormatError(path, 'expected an empty answer (204)');
    }
  }

  async getSettings(signal?: AbortSignal): Promise<UserSettings> {
    const path = routeUrl('settings', {});
    return decodeSettings(path, await this.transport.getJson(path, signal));
  }

  async putSettings(settings: UserSettings, signal?: AbortSignal): Promise<UserSettings> {
    const path = routeUrl('settings', {});
    const body = await this.transport.request(path, { method: 'PUT', body: settings, signal });
    // The route may answer the stored settings or nothing; either way the caller gets what is stored.
    return body === undefined ? settings : decodeSettings(path, body);
  }
}
