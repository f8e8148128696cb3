import type { DataSourceInfo, DataSourcesResponse, HealthResponse, HealthStatus, SourceHealth } from '../types/wire';
import { Decoder, type Json } from './decode';
import { resourcePath } from './paths';
import type { Transport } from './transport';

const HEALTH_STATUSES: readonly HealthStatus[] = ['ok', 'error'];

/**
 * The typed client of the app's resource routes. Every view calls the backend through this class, so
 * a route's path, its JSON and its validation live in one place.
 */
export class ResourceApi {
  constructor(private readonly transport: Transport) {}

  async listDataSources(signal?: AbortSignal): Promise<DataSourcesResponse> {
    const path = resourcePath('datasources');
    return decodeDataSources(path, await this.transport.getJson(path, signal));
  }

  async getHealth(signal?: AbortSignal): Promise<HealthResponse> {
    const path = resourcePath('health');
    return decodeHealth(path, await this.transport.getJson(path, signal));
  }
}

export function decodeDataSources(route: string, body: Json): DataSourcesResponse {
  const d = new Decoder(route);
  const root = d.object(body, 'body');
  const datasources = d.array(root.datasources, 'datasources').map((item, i): DataSourceInfo => {
    const where = `datasources[${i}]`;
    const o = d.object(item, where);
    const info: DataSourceInfo = {
      uid: d.nonEmptyString(o.uid, `${where}.uid`),
      name: d.nonEmptyString(o.name, `${where}.name`),
      kind: d.nonEmptyString(o.kind, `${where}.kind`),
      default: d.boolean(o.default, `${where}.default`),
    };
    const url = d.optionalString(o.url, `${where}.url`);
    const tenant = d.optionalString(o.tenant, `${where}.tenant`);
    if (url !== undefined) {
      info.url = url;
    }
    if (tenant !== undefined) {
      info.tenant = tenant;
    }
    return info;
  });
  const seen = new Set<string>();
  for (const [i, ds] of datasources.entries()) {
    if (seen.has(ds.uid)) {
      d.fail(`datasources[${i}].uid`, 'a uid not used by an earlier data source', ds.uid);
    }
    seen.add(ds.uid);
  }
  return { datasources };
}

export function decodeHealth(route: string, body: Json): HealthResponse {
  const d = new Decoder(route);
  const root = d.object(body, 'body');
  const status = d.oneOf(root.status, HEALTH_STATUSES, 'status');
  const sources = d.array(root.sources, 'sources').map((item, i): SourceHealth => {
    const where = `sources[${i}]`;
    const o = d.object(item, where);
    return {
      uid: d.nonEmptyString(o.uid, `${where}.uid`),
      name: d.nonEmptyString(o.name, `${where}.name`),
      kind: d.nonEmptyString(o.kind, `${where}.kind`),
      status: d.oneOf(o.status, HEALTH_STATUSES, `${where}.status`),
      message: d.string(o.message, `${where}.message`),
    };
  });
  return { status, sources };
}
