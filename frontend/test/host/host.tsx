// A small stand-in for Grafana's plugin host, used by the browser tests. It loads plugin modules the
// way Grafana does: SystemJS with its AMD extra, Grafana's shared packages registered under "app:"
// URLs and mapped through an import map, then `System.import(<plugin>/module.js)`.
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';

import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUI from '@grafana/ui';
import * as d3 from 'd3';
import lodash from 'lodash';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as rxjs from 'rxjs';

import { createHostBackendSrv } from './backendSrv';

interface SystemJSLike {
  set(id: string, module: object): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  import(id: string): Promise<Record<string, unknown>>;
}

declare global {
  interface Window {
    System: SystemJSLike;
    __grafana_public_path__?: string;
    hostReport?: HostReport;
    queryChanges?: unknown[];
  }
}

/** What the host learned about the loaded module; the tests assert on it. */
export interface HostReport {
  ok: boolean;
  error?: string;
  exportNames?: string[];
  isAppPlugin?: boolean;
  hasRootPage?: boolean;
  configPages?: Array<{ id: string; title: string }>;
  isDataSourcePlugin?: boolean;
  hasQueryEditor?: boolean;
  dataSourceIsWithBackend?: boolean;
  defaultQuery?: unknown;
  filterAcceptsTyped?: boolean;
  filterRejectsEmpty?: boolean;
}

const shared: Record<string, object> = {
  react: React,
  'react-dom': ReactDOM,
  '@grafana/data': grafanaData,
  '@grafana/ui': grafanaUI,
  '@grafana/runtime': grafanaRuntime,
  '@emotion/css': emotionCss,
  rxjs,
  // Shared by Grafana too; the bundled @grafana/flamegraph takes them from the host.
  lodash: { ...lodash, default: lodash, __useDefault: true },
  d3,
};

function registerSharedDependencies() {
  const imports: Record<string, string> = {};
  for (const [name, module] of Object.entries(shared)) {
    window.System.set(`app:${name}`, module);
    imports[name] = `app:${name}`;
  }
  window.System.addImportMap({ imports });
}

const theme = grafanaData.createTheme({ colors: { mode: 'dark' } });

function renderInHost(element: React.ReactElement) {
  const container = document.getElementById('root');
  if (!container) {
    throw new Error('host page has no #root');
  }
  createRoot(container).render(
    <grafanaData.ThemeContext.Provider value={theme}>
      <grafanaUI.GlobalStyles />
      {element}
    </grafanaData.ThemeContext.Provider>
  );
}

async function loadAppPlugin(url: string): Promise<HostReport> {
  const module = await window.System.import(url);
  const plugin = module.plugin;
  const report: HostReport = {
    ok: true,
    exportNames: Object.keys(module).sort(),
    isAppPlugin: plugin instanceof grafanaData.AppPlugin,
  };
  if (!(plugin instanceof grafanaData.AppPlugin) || !plugin.root) {
    return { ...report, ok: false, hasRootPage: false };
  }
  report.hasRootPage = true;
  report.configPages = (plugin.configPages ?? []).map(({ id, title }) => ({ id, title }));
  const params = new URLSearchParams(window.location.search);
  const meta = {
    id: 'hotpath-profiles-app',
    name: 'Hotpath',
    type: grafanaData.PluginType.app,
    enabled: true,
    jsonData: JSON.parse(params.get('jsonData') ?? '{}'),
    secureJsonFields: JSON.parse(params.get('secureJsonFields') ?? '{}'),
    pinned: true,
    baseUrl: 'public/plugins/hotpath-profiles-app',
    module: url,
    info: {} as grafanaData.PluginMetaInfo,
  } as grafanaData.AppPluginMeta;
  plugin.init(meta);
  plugin.meta = meta;
  const configPage = plugin.configPages?.find((p) => p.id === params.get('configPage'));
  if (configPage) {
    // Grafana's plugin page renders the chosen config page's body with the plugin and the query.
    const Body = configPage.body;
    renderInHost(<Body plugin={plugin} query={{}} />);
    return report;
  }
  const Root = plugin.root;
  renderInHost(<Root meta={meta} basename="/a/hotpath-profiles-app" query={{}} path="/a/hotpath-profiles-app" onNavChanged={() => {}} />);
  return report;
}

async function loadDataSourcePlugin(url: string): Promise<HostReport> {
  const module = await window.System.import(url);
  const plugin = module.plugin as grafanaData.DataSourcePlugin<grafanaData.DataSourceApi>;
  const report: HostReport = {
    ok: true,
    exportNames: Object.keys(module).sort(),
    isDataSourcePlugin: plugin instanceof grafanaData.DataSourcePlugin,
    hasQueryEditor: Boolean(plugin?.components?.QueryEditor),
  };
  if (!report.isDataSourcePlugin || !plugin.components.QueryEditor) {
    return { ...report, ok: false };
  }
  const settings = {
    id: 1,
    uid: 'hotpath-test',
    type: 'hotpath-profiles-datasource',
    name: 'Hotpath',
    access: 'proxy',
    jsonData: {},
    readOnly: false,
    meta: { id: 'hotpath-profiles-datasource', name: 'Hotpath', type: grafanaData.PluginType.datasource } as grafanaData.DataSourcePluginMeta,
  } as unknown as grafanaData.DataSourceInstanceSettings;
  const datasource = new plugin.DataSourceClass(settings);
  report.dataSourceIsWithBackend = datasource instanceof grafanaRuntime.DataSourceWithBackend;
  report.defaultQuery = datasource.getDefaultQuery?.(grafanaData.CoreApp.Explore);
  const filter = datasource.filterQuery?.bind(datasource);
  report.filterAcceptsTyped = filter
    ? filter({ refId: 'A', profileTypeId: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds' } as grafanaData.DataQuery)
    : undefined;
  report.filterRejectsEmpty = filter ? !filter({ refId: 'A', profileTypeId: '' } as grafanaData.DataQuery) : undefined;

  const QueryEditor = plugin.components.QueryEditor;
  window.queryChanges = [];
  function EditorHost() {
    const [query, setQuery] = React.useState<grafanaData.DataQuery>({ refId: 'A', ...(report.defaultQuery as object) });
    return (
      <QueryEditor
        datasource={datasource}
        query={query}
        onChange={(next: grafanaData.DataQuery) => {
          window.queryChanges?.push(next);
          setQuery(next);
        }}
        onRunQuery={() => {}}
      />
    );
  }
  renderInHost(<EditorHost />);
  return report;
}

async function boot() {
  window.__grafana_public_path__ = '/public/';
  registerSharedDependencies();
  grafanaRuntime.setBackendSrv(createHostBackendSrv());
  const params = new URLSearchParams(window.location.search);
  const kind = params.get('plugin');
  const url = params.get('module');
  if (!url || (kind !== 'app' && kind !== 'datasource')) {
    throw new Error('host page needs ?plugin=app|datasource&module=<url of module.js>');
  }
  return kind === 'app' ? loadAppPlugin(url) : loadDataSourcePlugin(url);
}

boot().then(
  (report) => {
    window.hostReport = report;
  },
  (error: unknown) => {
    window.hostReport = { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
);
