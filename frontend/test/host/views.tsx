// The browser tests' stand-in for the app shell: an app plugin (built as an AMD module like module.js,
// Grafana's packages external, @grafana/flamegraph bundled) whose root page shows one of the graph
// views, with the view state read from and written to the page's query string:
//   view, datasource, profileType, service, from, to, maxNodes, search — plain parameters
//   filters, baseline, comparison — JSON
// It exists until the app's own URL state and routing render these views.
import { AppPlugin } from '@grafana/data';
import React from 'react';

import { FetchTransport } from '../../src/api/fetchTransport';
import { HotpathApi } from '../../src/api/client';
import { AdHocPage } from '../../src/pages/AdHoc/AdHocPage';
import { DiffPage } from '../../src/pages/Diff/DiffPage';
import { FavoritesPage } from '../../src/pages/Favorites/FavoritesPage';
import { FlameGraphPage } from '../../src/pages/FlameGraph/FlameGraphPage';
import { browserLocation } from '../../src/platform/location';
import { PlatformProvider, type Platform } from '../../src/platform/Platform';
import type { ViewProps, ViewState } from '../../src/state/viewState';

function readState(search: string): ViewState {
  const q = new URLSearchParams(search);
  const json = <T,>(name: string): T | undefined => (q.has(name) ? (JSON.parse(q.get(name)!) as T) : undefined);
  const text = (name: string) => q.get(name) ?? undefined;
  return {
    view: (text('view') ?? 'flame-graph') as ViewState['view'],
    datasource: text('datasource'),
    profileType: text('profileType'),
    service: text('service'),
    filters: json('filters') ?? [],
    range: { from: text('from') ?? 'now-1h', to: text('to') ?? 'now' },
    maxNodes: q.has('maxNodes') ? Number(q.get('maxNodes')) : undefined,
    search: text('search'),
    groupBy: text('groupBy'),
    baseline: json('baseline'),
    comparison: json('comparison'),
  };
}

function writeState(state: ViewState, keep: URLSearchParams): string {
  const q = new URLSearchParams();
  for (const name of ['plugin', 'module']) {
    const v = keep.get(name);
    if (v !== null) {
      q.set(name, v);
    }
  }
  const put = (name: string, value: unknown) => {
    if (value !== undefined) {
      q.set(name, typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value));
    }
  };
  put('view', state.view);
  put('datasource', state.datasource);
  put('profileType', state.profileType);
  put('service', state.service);
  if (state.filters.length > 0) {
    put('filters', state.filters);
  }
  put('from', state.range.from);
  put('to', state.range.to);
  put('maxNodes', state.maxNodes);
  put('search', state.search);
  put('groupBy', state.groupBy);
  put('baseline', state.baseline);
  put('comparison', state.comparison);
  return `?${q.toString()}`;
}

const PAGES: Partial<Record<ViewState['view'], React.ComponentType<ViewProps>>> = {
  'flame-graph': FlameGraphPage,
  diff: DiffPage,
  favorites: FavoritesPage,
  adhoc: AdHocPage,
};

const transport = new FetchTransport();
const platform: Platform = {
  host: 'grafana',
  api: new HotpathApi(transport),
  location: browserLocation(),
  PageFrame: ({ children }) => <main>{children}</main>,
};

function ViewsRoot() {
  const [search, setSearch] = React.useState(window.location.search);
  React.useEffect(() => {
    const onPop = () => setSearch(window.location.search);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const state = readState(search);
  const navigate: ViewProps['navigate'] = (patch, options) => {
    const next = writeState({ ...state, ...patch }, new URLSearchParams(window.location.search));
    (options?.replace ? window.history.replaceState : window.history.pushState).call(window.history, null, '', next);
    setSearch(next);
  };
  const Page = PAGES[state.view];
  // As the app's shell does: the page frame around the page, the page itself frameless.
  return (
    <PlatformProvider platform={platform}>
      <platform.PageFrame>{Page ? <Page state={state} navigate={navigate} /> : <p>No such view: {state.view}</p>}</platform.PageFrame>
    </PlatformProvider>
  );
}

export const plugin = new AppPlugin<{}>().setRootPage(ViewsRoot);
