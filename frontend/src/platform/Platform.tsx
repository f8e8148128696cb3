import React from 'react';

import type { HotpathApi } from '../api/client';
import type { AppLocation } from './location';

/**
 * What differs between running inside Grafana and running in the standalone page. Views never ask
 * where they are; they take these from context.
 */
export interface Platform {
  /** 'grafana' when loaded by Grafana as a plugin, 'standalone' in the page served by `gpx_hotpath serve`. */
  host: 'grafana' | 'standalone';
  /** The one client of the resource routes, over the host's transport. */
  api: HotpathApi;
  /**
   * The page's query string and its history: window.history in the standalone page, Grafana's
   * locationService inside Grafana (which owns the browser history there).
   */
  location: AppLocation;
  /** Wraps every page: Grafana's PluginPage (nav, breadcrumbs) or the standalone page's chrome. */
  PageFrame: React.ComponentType<{ children: React.ReactNode }>;
}

const PlatformContext = React.createContext<Platform | null>(null);

export function PlatformProvider({ platform, children }: { platform: Platform; children: React.ReactNode }) {
  return <PlatformContext.Provider value={platform}>{children}</PlatformContext.Provider>;
}

export function usePlatform(): Platform {
  const platform = React.useContext(PlatformContext);
  if (platform === null) {
    throw new Error('usePlatform: no PlatformProvider above this component (the app entry must provide one)');
  }
  return platform;
}
