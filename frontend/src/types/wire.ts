// JSON shapes of the app's resource routes, exactly as the backend writes them.
// Routes live under /api/plugins/hotpath-profiles-app/resources/ both inside Grafana and on the
// standalone server; docs/api.md is the contract these types follow.

/** Where profiles come from: the embedded store or a Pyroscope-compatible server. */
export type DataSourceKind = 'embedded' | 'pyroscope' | (string & {});

/** One configured profile source (GET resources/datasources). */
export interface DataSourceInfo {
  uid: string;
  name: string;
  kind: DataSourceKind;
  /** Present for remote sources; the embedded store has none. */
  url?: string;
  /** Pyroscope tenant (X-Scope-OrgID), when one is configured. */
  tenant?: string;
  default: boolean;
}

export interface DataSourcesResponse {
  datasources: DataSourceInfo[];
}

export type HealthStatus = 'ok' | 'error';

/** The result of checking one source (GET resources/health). */
export interface SourceHealth {
  uid: string;
  name: string;
  kind: DataSourceKind;
  status: HealthStatus;
  message: string;
}

export interface HealthResponse {
  status: HealthStatus;
  sources: SourceHealth[];
}
