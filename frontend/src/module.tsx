// Entry point Grafana loads (built as the AMD module `module.js`). Grafana's packages are externals
// here: Grafana hands its own react, @grafana/ui, @grafana/data and @grafana/runtime to the loader.
import { AppPlugin, type AppRootProps } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import React from 'react';

import { GrafanaTransport } from './api/grafanaTransport';
import { ResourceApi } from './api/resources';
import { App } from './components/App';
import { grafanaLocation } from './platform/grafanaLocation';
import type { Platform } from './platform/Platform';

function GrafanaPageFrame({ children }: { children: React.ReactNode }) {
  return <PluginPage>{children}</PluginPage>;
}

const transport = new GrafanaTransport();

const platform: Platform = {
  host: 'grafana',
  api: new ResourceApi(transport),
  transport,
  location: grafanaLocation(),
  PageFrame: GrafanaPageFrame,
};

function AppRoot(_props: AppRootProps) {
  return <App platform={platform} />;
}

export const plugin = new AppPlugin<{}>().setRootPage(AppRoot);
