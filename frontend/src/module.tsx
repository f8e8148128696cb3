// Entry point Grafana loads (built as the AMD module `module.js`). Grafana's packages are externals
// here: Grafana hands its own react, @grafana/ui, @grafana/data and @grafana/runtime to the loader.
import { AppPlugin, type AppRootProps } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import React from 'react';

import { GrafanaTransport } from './api/grafanaTransport';
import { HotpathApi } from './api/client';
import { App } from './components/App';
import { ConfigPage, type ConfigPageProps } from './pages/Settings/ConfigPage';
import type { AppJsonData } from './pages/Settings/configModel';
import { grafanaLocation } from './platform/grafanaLocation';
import { PlatformProvider, type Platform } from './platform/Platform';

function GrafanaPageFrame({ children }: { children: React.ReactNode }) {
  return <PluginPage>{children}</PluginPage>;
}

const transport = new GrafanaTransport();

const platform: Platform = {
  host: 'grafana',
  api: new HotpathApi(transport),
  location: grafanaLocation(),
  PageFrame: GrafanaPageFrame,
};

function AppRoot(_props: AppRootProps) {
  return <App platform={platform} />;
}

/** The config page runs outside the app's root, so it gets the platform here (its user settings call the backend). */
function Configuration(props: ConfigPageProps) {
  return (
    <PlatformProvider platform={platform}>
      <ConfigPage {...props} />
    </PlatformProvider>
  );
}

export const plugin = new AppPlugin<AppJsonData>().setRootPage(AppRoot).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  id: 'configuration',
  body: Configuration,
});
