import type { LabelsResponse, SeriesResponse, ServiceResponse, ServicesResponse, StatsResponse } from '../types/exploreWire';
import {
  decodeLabels,
  decodeSeriesResponse,
  decodeService,
  decodeServices,
  decodeStats,
  decodeStrings,
} from './exploreDecode';
import { resourcePath } from './paths';
import type { Transport } from './transport';

/** A resolved time range in milliseconds since the epoch, both ends included. */
export interface MsRange {
  from: number;
  to: number;
}

export interface Scope {
  /** Undefined: the backend's default source. */
  datasource?: string | undefined;
  range: MsRange;
}

export interface SeriesQuery extends Scope {
  profileType: string;
  selector: string;
  groupBy?: string[];
  limit?: number;
  step?: number;
}

type Params = Record<string, string | number | undefined>;

/** Builds `route?k=v&…`, leaving out undefined values; parameter order is stable (easier to read in logs). */
export function routeWithQuery(route: string, params: Params): string {
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

/** The typed client of the view routes the exploration pages use (docs/api.md, "View routes"). */
export class ExploreApi {
  constructor(private readonly transport: Transport) {}

  private async get<T>(path: string, decode: (route: string, body: unknown) => T, signal?: AbortSignal): Promise<T> {
    return decode(path, await this.transport.getJson(path, signal));
  }

  stats(datasource: string | undefined, signal?: AbortSignal): Promise<StatsResponse> {
    return this.get(routeWithQuery('stats', { datasource }), decodeStats, signal);
  }

  services(scope: Scope, signal?: AbortSignal): Promise<ServicesResponse> {
    return this.get(routeWithQuery('services', scopeParams(scope)), decodeServices, signal);
  }

  series(q: SeriesQuery, signal?: AbortSignal): Promise<SeriesResponse> {
    const path = routeWithQuery('series', {
      ...scopeParams(q),
      profileType: q.profileType,
      selector: q.selector,
      groupBy: q.groupBy?.join(','),
      limit: q.limit,
      step: q.step,
    });
    return this.get(path, decodeSeriesResponse, signal);
  }

  service(scope: Scope & { service: string; selector?: string; step?: number }, signal?: AbortSignal): Promise<ServiceResponse> {
    const path = routeWithQuery('service', { ...scopeParams(scope), service: scope.service, selector: scope.selector, step: scope.step });
    return this.get(path, decodeService, signal);
  }

  labels(scope: Scope & { profileType: string; selector: string; top?: number }, signal?: AbortSignal): Promise<LabelsResponse> {
    const path = routeWithQuery('labels', { ...scopeParams(scope), profileType: scope.profileType, selector: scope.selector, top: scope.top });
    return this.get(path, decodeLabels, signal);
  }

  labelNames(scope: Scope & { selector: string; profileType?: string }, signal?: AbortSignal): Promise<string[]> {
    const path = routeWithQuery('label-names', { ...scopeParams(scope), selector: scope.selector, profileType: scope.profileType });
    return this.get(path, (route, body) => decodeStrings(route, body, 'names'), signal);
  }

  labelValues(scope: Scope & { selector: string; name: string; profileType?: string }, signal?: AbortSignal): Promise<string[]> {
    const path = routeWithQuery('label-values', {
      ...scopeParams(scope),
      selector: scope.selector,
      profileType: scope.profileType,
      name: scope.name,
    });
    return this.get(path, (route, body) => decodeStrings(route, body, 'values'), signal);
  }
}
