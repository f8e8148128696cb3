import { EmptyState, useStyles2 } from '@grafana/ui';
import React from 'react';

import { FavoriteSlot } from '../../components/FavoriteSlot';
import { getGridStyles } from '../../components/gridStyles';
import { Panel } from '../../components/Panel';
import { PanelAction } from '../../components/PanelAction';
import { QuickSearch } from '../../components/QuickSearch';
import { RemoteContent } from '../../components/RemoteContent';
import { TimeSeriesChart } from '../../components/TimeSeriesChart';
import { profileTypeLabel, useExplore } from '../../explore/ExploreContext';
import { formatValue } from '../../components/format';
import { quickSearchMatcher } from '../../explore/quickSearch';
import { absoluteRange } from '../../state/timeRange';
import { formatFilters } from '../../state/filters';
import { initialRemote } from '../../state/remote';
import { useRemote } from '../../state/useRemote';
import { selectorOf, type ViewProps, type ViewState } from '../../state/viewState';
import type { Series, SeriesResponse } from '../../api/wire';

const NO_VALUE = '(no value)';
const WAITING = initialRemote<SeriesResponse | null>();

function isEmptyAnswer(data: SeriesResponse | null): boolean {
  return data === null || data.series.length === 0;
}

/**
 * All services: one panel per service for the chosen profile type. The whole grid is one call,
 * `series?groupBy=service_name`, so fifty services cost one request, not fifty.
 */
export function AllServicesPage({ state, navigate }: ViewProps) {
  const { api, range, refreshKey, profileTypes, provisionalProfileType } = useExplore();
  const styles = useStyles2(getGridStyles);
  const profileType = state.profileType;
  const selector = selectorOf(undefined, state.filters);
  const [remote, retry] = useRemote(
    (signal) =>
      profileType === undefined
        ? Promise.resolve<SeriesResponse | null>(null)
        : api.series({ datasource: state.datasource, range, profileType, selector, groupBy: ['service_name'] }, signal),
    [api, state.datasource, range.from, range.to, profileType, selector, refreshKey]
  );
  // An empty or failed answer for a guessed type waits for the services list, which confirms the
  // type (and this answer shows) or names another (and a new query runs).
  const shown = provisionalProfileType && (remote.phase === 'error' || (remote.phase === 'ready' && isEmptyAnswer(remote.data))) ? WAITING : remote;
  const onZoom = React.useCallback((from: number, to: number) => navigate({ range: absoluteRange(from, to) }), [navigate]);

  if (profileType === undefined) {
    return (
      <EmptyState variant="not-found" message="No profile types in this time range" hideImage>
        Widen the time range in the toolbar, or send profiles to this data source.
      </EmptyState>
    );
  }
  return (
    <RemoteContent
      remote={shown}
      retry={retry}
      isEmpty={isEmptyAnswer}
      loadingText="Loading services…"
      empty={`No service has ${profileTypeLabel(profileTypes, profileType)} data in this time range${state.filters.length > 0 ? ' with these filters' : ''}`}
      emptyHint="Widen the time range, pick another profile type in the toolbar, or remove a filter."
    >
      {(data) => <ServicesGrid data={data!} state={state} navigate={navigate} onZoom={onZoom} styles={styles} />}
    </RemoteContent>
  );
}

function ServicesGrid({
  data,
  state,
  navigate,
  onZoom,
  styles,
}: {
  data: SeriesResponse;
  state: ViewState;
  navigate: ViewProps['navigate'];
  onZoom: (from: number, to: number) => void;
  styles: ReturnType<typeof getGridStyles>;
}) {
  const matches = quickSearchMatcher(state.search);
  const shown = data.series.filter((s) => matches(s.labels.service_name ?? NO_VALUE));
  // Panels get only stable props, so typing in the quick search re-renders the grid, not fifty charts.
  const filtersKey = formatFilters(state.filters);
  // The same filters keep the same array (the URL parse makes a new one each time).
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the filters' text on purpose
  const filters = React.useMemo(() => state.filters, [filtersKey]);
  const open = React.useCallback((view: ViewState['view'], service: string) => navigate({ view, service, filters }), [navigate, filters]);
  return (
    <>
      <div className={styles.bar}>
        <QuickSearch
          value={state.search}
          onChange={(search) => navigate({ search }, { replace: true })}
          shown={shown.length}
          total={data.series.length}
          noun="services"
        />
        {data.totalSeries > data.series.length && (
          <span className={styles.muted}>
            showing the top {data.series.length} of {data.totalSeries}
          </span>
        )}
      </div>
      <div className={styles.grid} data-testid="services-grid">
        {shown.map((s) => (
          <ServicePanel
            key={s.labels.service_name ?? NO_VALUE}
            series={s}
            datasource={state.datasource}
            profileType={state.profileType ?? ''}
            filters={filters}
            open={open}
            onZoom={onZoom}
            unit={data.profileType.unit}
          />
        ))}
      </div>
    </>
  );
}

interface ServicePanelProps {
  series: Series;
  datasource: string | undefined;
  profileType: string;
  filters: ViewState['filters'];
  open: (view: ViewState['view'], service: string) => void;
  onZoom: (from: number, to: number) => void;
  unit: string;
}

const ServicePanel = React.memo(function ServicePanel({ series, datasource, profileType, filters, open, onZoom, unit }: ServicePanelProps) {
  const { range } = useExplore();
  const name = series.labels.service_name ?? NO_VALUE;
  const lines = React.useMemo(() => [series], [series]);
  return (
    <Panel
      testId={`service-panel-${name}`}
      title={name}
      info={formatValue(series.stats.total, unit)}
      actions={
        <>
          <PanelAction onClick={() => open('service', name)} title="Every profile type of this service">
            Profile types
          </PanelAction>
          <PanelAction onClick={() => open('labels', name)} title="Break down by label">
            Labels
          </PanelAction>
          <PanelAction onClick={() => open('flame-graph', name)} title="Flame graph">
            Flame graph
          </PanelAction>
          <FavoriteSlot target={{ datasource, view: 'service', profileType, service: name, selector: selectorOf(name, filters), title: name }} />
        </>
      }
    >
      <TimeSeriesChart series={lines} range={range} unit={unit} height={90} onZoom={onZoom} ariaLabel={`${name} over time`} />
    </Panel>
  );
});
