import { Button, EmptyState, useStyles2 } from '@grafana/ui';
import React from 'react';

import { FavoriteSlot } from '../../components/FavoriteSlot';
import { getGridStyles } from '../../components/gridStyles';
import { Panel } from '../../components/Panel';
import { QuickSearch } from '../../components/QuickSearch';
import { RemoteContent } from '../../components/RemoteContent';
import { TimeSeriesChart } from '../../components/TimeSeriesChart';
import { useExplore } from '../../explore/ExploreContext';
import { formatValue } from '../../components/format';
import { quickSearchMatcher } from '../../explore/quickSearch';
import { absoluteRange } from '../../state/timeRange';
import { useRemote } from '../../state/useRemote';
import { selectorOf, type ViewProps } from '../../state/viewState';

/** Single service: one panel per profile type of the service, from one `service` call. */
export function ServicePage({ state, navigate }: ViewProps) {
  const { api, range, refreshKey } = useExplore();
  const styles = useStyles2(getGridStyles);
  const service = state.service;
  const selector = selectorOf(undefined, state.filters);
  const [remote, retry] = useRemote(
    (signal) => (service === undefined ? Promise.resolve(null) : api.service({ datasource: state.datasource, range, service, selector }, signal)),
    [api, state.datasource, range.from, range.to, service, selector, refreshKey]
  );
  const onZoom = React.useCallback((from: number, to: number) => navigate({ range: absoluteRange(from, to) }), [navigate]);

  if (service === undefined) {
    return (
      <EmptyState variant="call-to-action" message="Choose a service" hideImage>
        Pick one in the service picker above, or from All services.
      </EmptyState>
    );
  }
  const matches = quickSearchMatcher(state.search);
  return (
    <RemoteContent
      remote={remote}
      retry={retry}
      isEmpty={(data) => data === null || data.profileTypes.length === 0}
      loadingText={`Loading the profile types of ${service}…`}
      empty={`${service} has no profiles in this time range${state.filters.length > 0 ? ' with these filters' : ''}`}
      emptyHint="Widen the time range in the toolbar, or remove a filter."
    >
      {(data) => {
        const all = data!.profileTypes;
        const shown = all.filter((p) => matches(`${p.profileType.label} ${p.profileType.category}`));
        return (
          <>
            <div className={styles.bar}>
              <QuickSearch
                value={state.search}
                onChange={(search) => navigate({ search }, { replace: true })}
                shown={shown.length}
                total={all.length}
                noun="profile types"
              />
            </div>
            <div className={styles.grid} data-testid="profile-types-grid">
              {shown.map(({ profileType, series }) => (
                <Panel
                  key={profileType.id}
                  testId={`profile-type-panel-${profileType.id}`}
                  title={`${profileType.category} · ${profileType.label}`}
                  info={formatValue(series.stats.total, profileType.unit)}
                  actions={
                    <>
                      <Button size="sm" variant="secondary" fill="text" onClick={() => navigate({ view: 'labels', profileType: profileType.id })}>
                        Labels
                      </Button>
                      <Button size="sm" variant="secondary" fill="text" onClick={() => navigate({ view: 'flame-graph', profileType: profileType.id })}>
                        Flame graph
                      </Button>
                      <FavoriteSlot
                        target={{
                          datasource: state.datasource,
                          view: 'service',
                          profileType: profileType.id,
                          service,
                          selector: selectorOf(service, state.filters),
                          title: `${service} · ${profileType.label}`,
                        }}
                      />
                    </>
                  }
                >
                  <TimeSeriesChart
                    series={[series]}
                    range={range}
                    unit={profileType.unit}
                    height={90}
                    onZoom={onZoom}
                    ariaLabel={`${profileType.label} of ${service} over time`}
                  />
                </Panel>
              ))}
            </div>
          </>
        );
      }}
    </RemoteContent>
  );
}
