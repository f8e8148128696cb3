/** The app plugin's id; resource routes hang off it inside Grafana and on the standalone server. */
export const APP_PLUGIN_ID = 'hotpath-profiles-app';

/** Base path of every resource route, identical in Grafana and in the standalone server. */
export const RESOURCES_BASE = `/api/plugins/${APP_PLUGIN_ID}/resources`;

/** Builds the path of one route, e.g. resourcePath('health'). Routes are plain names, never URLs. */
export function resourcePath(route: string): string {
  if (!/^[a-z0-9][a-z0-9/_-]*$/i.test(route)) {
    throw new Error(`invalid resource route ${JSON.stringify(route)}: expected a relative name like "health"`);
  }
  return `${RESOURCES_BASE}/${route}`;
}
