import { Alert, LoadingPlaceholder } from '@grafana/ui';
import React from 'react';

import { DEFAULT_PROFILE_TYPE, defaultProfileType, ExploreProvider, type Explore } from '../explore/ExploreContext';
import { useResolvedRange, type MsRange } from '../state/timeRange';
import { AllServicesPage } from '../pages/AllServices/AllServicesPage';
import { OnboardingPage } from '../pages/Onboarding/OnboardingPage';
import { PlatformProvider, usePlatform, type Platform } from '../platform/Platform';
import { dataOf } from '../state/remote';
import { useRemote } from '../state/useRemote';
import { useViewState } from '../state/useViewState';
import type { ViewName, ViewProps } from '../state/viewState';
import { RemoteError } from './RemoteContent';

/** Stands in while a range cannot be read (the page shows why instead of querying). */
const NO_RANGE: MsRange = { from: 0, to: 0 };

/**
 * A page loaded when first shown. The standalone page's bundle splits there, so opening All services
 * neither downloads nor evaluates the flame graph, the tables or the ad hoc upload; module.js stays one
 * file (its build merges every chunk back), where the import resolves at once.
 */
function lazyPage<K extends string>(load: () => Promise<Record<K, React.ComponentType<ViewProps>>>, name: K): React.ComponentType<ViewProps> {
  return React.lazy(async () => {
    const page: React.ComponentType<ViewProps> = (await load())[name];
    return { default: page };
  });
}

/** The page of each view. All services, the page most visits start on, is in the first bundle. */
const PAGES: Record<ViewName, React.ComponentType<ViewProps>> = {
  'all-services': AllServicesPage,
  service: lazyPage(() => import('../pages/Service/ServicePage'), 'ServicePage'),
  labels: lazyPage(() => import('../pages/Labels/LabelsPage'), 'LabelsPage'),
  'flame-graph': lazyPage(() => import('../pages/FlameGraph/FlameGraphPage'), 'FlameGraphPage'),
  diff: lazyPage(() => import('../pages/Diff/DiffPage'), 'DiffPage'),
  favorites: lazyPage(() => import('../pages/Favorites/FavoritesPage'), 'FavoritesPage'),
  adhoc: lazyPage(() => import('../pages/AdHoc/AdHocPage'), 'AdHocPage'),
};

/**
 * The toolbar (tabs, pickers, time range, filters) is its own chunk in the standalone page, fetched
 * as the shell first renders: its @grafana/ui pieces (Select, the time picker, their menus and
 * calendars) are a third of what the page would otherwise evaluate before drawing anything, and the
 * page's own query does not wait for it: it is asked for only once the shell's and the page's first
 * effects have sent their requests, so its evaluation never delays them. Until it arrives its place
 * is held at its usual height.
 */
let toolbarModule: Promise<typeof import('./toolbar/Toolbar')> | undefined;
const loadToolbar = () => (toolbarModule ??= import('./toolbar/Toolbar'));
const Toolbar = React.lazy(async () => ({ default: (await loadToolbar()).Toolbar }));
const TOOLBAR_PLACE = <div style={{ minHeight: 142 }} data-testid="toolbar-loading" />;

/** Views that read the data source's profiles; they give way to onboarding when it holds none. */
const NEEDS_DATA = new Set<ViewName>(['all-services', 'service', 'labels', 'flame-graph', 'diff']);

/**
 * The app's root, identical inside Grafana and in the standalone page; only `platform` differs.
 * The view state lives in the URL (state/urlState.ts) and `view` picks the page.
 */
export function App({ platform }: { platform: Platform }) {
  return (
    <PlatformProvider platform={platform}>
      <ExploreShell />
    </PlatformProvider>
  );
}

function ExploreShell() {
  const { location, api, PageFrame } = usePlatform();
  const [state, navigate] = useViewState(location);
  const [refreshKey, setRefreshKey] = React.useState(0);
  // Relative ranges resolve to ms here, once per range and per Refresh, so every panel queries the same window.
  const resolved = useResolvedRange(state.range, refreshKey);
  const range = resolved.range ?? NO_RANGE;
  const [stats, retryStats] = useRemote((signal) => api.stats(state.datasource, signal), [api, state.datasource, refreshKey]);
  const [services, retryServices] = useRemote((signal) => api.services({ datasource: state.datasource, range }, signal), [api, state.datasource, range]);

  const servicesData = dataOf(services);
  // The URL may name no profile type; the pages get the source's default filled in. The services
  // list decides it, and on All services (where most visits start, with no type in the URL) waiting
  // for the list would put the page's own query behind it; so while the list loads, that page starts
  // with CPU, the default whenever a source has it, and the list corrects it when it names another.
  const provisionalProfileType = state.profileType === undefined && state.view === 'all-services' && servicesData === undefined && services.phase === 'loading';
  const explore = React.useMemo<Explore>(
    () => ({ api, range, refreshKey, services, provisionalProfileType, profileTypes: new Map((servicesData?.profileTypes ?? []).map((t) => [t.id, t])) }),
    [api, range, refreshKey, services, servicesData, provisionalProfileType]
  );
  const effective = React.useMemo(
    () =>
      state.profileType !== undefined ? state : { ...state, profileType: provisionalProfileType ? DEFAULT_PROFILE_TYPE : defaultProfileType(servicesData) },
    [state, servicesData, provisionalProfileType]
  );
  const waitingForType = effective.profileType === undefined && services.phase === 'loading';
  const Page = PAGES[state.view];
  // Declared after every hook that queries, and run after the page's own effects (children first).
  const [toolbarWanted, setToolbarWanted] = React.useState(false);
  React.useEffect(() => {
    let mounted = true;
    // A failed load renders it anyway, so React.lazy rethrows the error as the pages' loads do.
    const show = () => mounted && setToolbarWanted(true);
    loadToolbar().then(show, show);
    return () => {
      mounted = false;
    };
  }, []);
  const statsData = dataOf(stats);

  // Stats decide only whether to show onboarding; the page does not wait for them, so its own query
  // runs alongside (on an empty source it just comes back empty first).
  let body: React.ReactNode;
  if (resolved.error !== undefined) {
    body = (
      <Alert severity="error" title="The time range cannot be read">
        {resolved.error}. Pick a range in the time picker.
      </Alert>
    );
  } else if (NEEDS_DATA.has(state.view) && stats.phase === 'error') {
    body = <RemoteError error={stats.error} onRetry={retryStats} />;
  } else if (NEEDS_DATA.has(state.view) && statsData?.dataIngested === false) {
    body = <OnboardingPage onCheckAgain={() => setRefreshKey((k) => k + 1)} />;
  } else if (NEEDS_DATA.has(state.view) && effective.profileType === undefined && services.phase === 'error') {
    // Without the services list there is no profile type to show; say why instead of "no data".
    body = <RemoteError error={services.error} onRetry={retryServices} />;
  } else if (NEEDS_DATA.has(state.view) && waitingForType) {
    body = <LoadingPlaceholder text="Loading profile types…" />;
  } else {
    body = (
      <React.Suspense fallback={<LoadingPlaceholder text="Loading…" />}>
        <Page state={effective} navigate={navigate} />
      </React.Suspense>
    );
  }

  return (
    <PageFrame>
      <ExploreProvider value={explore}>
        <React.Suspense fallback={TOOLBAR_PLACE}>
          {toolbarWanted ? (
            <Toolbar state={effective} navigate={navigate} onRefresh={() => setRefreshKey((k) => k + 1)} refreshing={services.phase === 'loading'} />
          ) : (
            TOOLBAR_PLACE
          )}
        </React.Suspense>
        <main data-testid={`view-${state.view}`}>{body}</main>
      </ExploreProvider>
    </PageFrame>
  );
}
