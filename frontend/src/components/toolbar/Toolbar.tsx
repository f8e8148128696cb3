import { css } from '@emotion/css';
import type { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { Button, Select, Tab, TabsBar, TimeRangePicker, useStyles2 } from '@grafana/ui';
import React from 'react';

import { profileTypeLabel, useExplore } from '../../explore/ExploreContext';
import { groupedProfileTypes } from '../../explore/grouping';
import { absoluteRange, fromTimeRange, toTimeRange, type MsRange } from '../../state/timeRange';
import { usePlatform } from '../../platform/Platform';
import { dataOf } from '../../state/remote';
import { shareableSearch } from '../../state/urlState';
import { useRemote } from '../../state/useRemote';
import type { ViewName, ViewProps } from '../../state/viewState';
import { FiltersBar } from './FiltersBar';

// The status drawer (and the overview panels in it) is fetched when first opened, not with the page.
const StatusDrawer = React.lazy(async () => ({ default: (await import('./StatusDrawer')).StatusDrawer }));

const TABS: Array<{ view: ViewName; label: string; needsService?: boolean }> = [
  { view: 'all-services', label: 'All services' },
  { view: 'service', label: 'Profile types', needsService: true },
  { view: 'labels', label: 'Labels', needsService: true },
  { view: 'flame-graph', label: 'Flame graph', needsService: true },
  { view: 'diff', label: 'Diff flame graph', needsService: true },
  { view: 'favorites', label: 'Favorites' },
  { view: 'adhoc', label: 'Ad hoc' },
];

/** The shell's controls: views, data source, profile type, service, time range, refresh, filters and status. */
export function Toolbar({ state, navigate, onRefresh, refreshing }: ViewProps & { onRefresh: () => void; refreshing: boolean }) {
  const { api, location } = usePlatform();
  const explore = useExplore();
  const styles = useStyles2(getStyles);
  const [statusOpen, setStatusOpen] = React.useState(false);
  const [copied, setCopied] = React.useState(false);
  const copyLink = () => {
    const url = new URL(window.location.href);
    url.search = shareableSearch(state, explore.range, location.search());
    void navigator.clipboard.writeText(url.toString()).then(() => {
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2000);
    });
  };
  const [datasources] = useRemote((signal) => api.dataSources(signal), [api]);
  const services = dataOf(explore.services);
  const sources = dataOf(datasources)?.datasources ?? [];
  const currentSource = state.datasource ?? sources.find((s) => s.default)?.uid ?? sources[0]?.uid;
  const profileTypes = services?.profileTypes ?? [];
  const groups = groupedProfileTypes(profileTypes);
  const typeOption = state.profileType === undefined ? null : { label: profileTypeLabel(explore.profileTypes, state.profileType), value: state.profileType };
  // Where a view shows one profile type, offer only the services that have it (picking another would
  // show an empty page); the Profile types view shows every type, so it offers every service.
  const serviceNames = (services?.services ?? [])
    .filter((s) => state.view === 'service' || state.profileType === undefined || s.profileTypes.includes(state.profileType))
    .map((s) => s.name);
  const showsFilters = state.view !== 'favorites' && state.view !== 'adhoc' && state.view !== 'diff';

  return (
    <div className={styles.toolbar}>
      <TabsBar className={styles.tabs}>
        {TABS.map((tab) => (
          <Tab
            key={tab.view}
            label={tab.label}
            active={state.view === tab.view}
            onChangeTab={() => navigate({ view: tab.view })}
            disabled={tab.needsService && state.service === undefined}
          />
        ))}
      </TabsBar>
      <div className={styles.row}>
        <Select
          width={30}
          aria-label="Data source"
          prefix="Source"
          isLoading={datasources.phase === 'loading'}
          options={sources.map((s) => ({ label: s.name, value: s.uid, description: s.kind }))}
          value={currentSource ?? null}
          onChange={(o: SelectableValue<string>) => navigate({ datasource: o.value })}
        />
        <Select
          width={30}
          aria-label="Profile type"
          placeholder="Profile type"
          isLoading={explore.services.phase === 'loading'}
          options={groups}
          value={typeOption}
          onChange={(o: SelectableValue<string>) => navigate({ profileType: o.value })}
        />
        <Select
          width={30}
          aria-label="Service"
          placeholder="Service"
          isLoading={explore.services.phase === 'loading'}
          options={serviceNames.map((n) => ({ label: n, value: n }))}
          value={state.service === undefined ? null : { label: state.service, value: state.service }}
          onChange={(o: SelectableValue<string>) => navigate({ service: o.value, view: state.view === 'all-services' ? 'service' : state.view })}
        />
        <div className={styles.spacer} />
        <RangePicker from={state.range.from} to={state.range.to} resolved={explore.range} navigate={navigate} />
        <Button
          variant="secondary"
          icon={refreshing ? 'spinner' : 'sync'}
          onClick={onRefresh}
          aria-label="Refresh"
          tooltip="Query again (relative ranges move to now)"
        />
        <Button
          variant="secondary"
          icon={copied ? 'check' : 'share-alt'}
          onClick={copyLink}
          tooltip="Copy a link to this view, with the time range made absolute"
        >
          {copied ? 'Copied' : 'Share'}
        </Button>
        <Button variant="secondary" fill="outline" icon="info-circle" onClick={() => setStatusOpen(true)}>
          Status
        </Button>
      </div>
      {showsFilters && <FiltersBar state={state} onChange={(filters) => navigate({ filters })} />}
      {statusOpen && (
        <React.Suspense fallback={null}>
          <StatusDrawer onClose={() => setStatusOpen(false)} />
        </React.Suspense>
      )}
    </div>
  );
}

/**
 * Grafana's time picker, re-rendered only when the range changes: each render of it describes the
 * range against every preset (dozens of translated texts), and the toolbar renders on every answer
 * that arrives while a page loads.
 */
const RangePicker = React.memo(function RangePicker({
  from,
  to,
  resolved,
  navigate,
}: {
  from: string;
  to: string;
  resolved: MsRange;
  navigate: ViewProps['navigate'];
}) {
  const value = React.useMemo(() => toTimeRange({ from, to }, resolved), [from, to, resolved]);
  const span = resolved.to - resolved.from;
  return (
    <TimeRangePicker
      value={value}
      timeZone="browser"
      onChange={(r) => navigate({ range: fromTimeRange(r) })}
      onChangeTimeZone={() => {}}
      onMoveBackward={() => navigate({ range: absoluteRange(resolved.from - span / 2, resolved.to - span / 2) })}
      onMoveForward={() => navigate({ range: absoluteRange(resolved.from + span / 2, resolved.to + span / 2) })}
      onZoom={() => navigate({ range: absoluteRange(resolved.from - span / 2, resolved.to + span / 2) })}
    />
  );
});

const getStyles = (theme: GrafanaTheme2) => ({
  toolbar: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5), marginBottom: theme.spacing(2) }),
  tabs: css({ marginBottom: theme.spacing(0.5) }),
  row: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexWrap: 'wrap' }),
  spacer: css({ flex: 1 }),
});
