import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Checkbox, Stack, useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';

import { FavoriteSlot, type FavoriteTarget } from '../../components/FavoriteSlot';
import { Panel } from '../../components/Panel';
import { PanelAction } from '../../components/PanelAction';
import { RemoteContent } from '../../components/RemoteContent';
import { TimeSeriesChart } from '../../components/TimeSeriesChart';
import { useExplore } from '../../explore/ExploreContext';
import { formatValue } from '../../components/format';
import { absoluteRange } from '../../state/timeRange';
import { anyOf, withLabelValue } from '../../state/filters';
import { useRemote } from '../../state/useRemote';
import { selectorOf, type ViewProps } from '../../state/viewState';
import type { Series } from '../../api/wire';

/** Rows asked for first; "Show all" raises it to the route's maximum. */
const FIRST_LIMIT = 20;
const ALL_LIMIT = 1000;

type Side = 'baseline' | 'comparison';

/**
 * One row per value of `label`: its stats and time series, Include / Exclude into the filters, and
 * Baseline / Comparison check-boxes; Compare opens the diff view with one side per selection.
 */
export function LabelBreakdown({ state, navigate, label, unit }: ViewProps & { label: string; unit: string }) {
  const { api, range, refreshKey } = useExplore();
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const [limit, setLimit] = React.useState(FIRST_LIMIT);
  const [picked, setPicked] = React.useState<Record<Side, string[]>>({ baseline: [], comparison: [] });
  const { profileType, service } = state;
  const selector = selectorOf(service, state.filters);
  const [remote, retry] = useRemote(
    (signal) => api.series({ datasource: state.datasource, range, profileType: profileType!, selector, groupBy: [label], limit }, signal),
    [api, state.datasource, range.from, range.to, profileType, selector, label, limit, refreshKey]
  );
  const onZoom = React.useCallback((from: number, to: number) => navigate({ range: absoluteRange(from, to) }), [navigate]);

  // Rows get stable callbacks (memoized on what they read), so ticking a box or Show all re-renders
  // the rows whose own props changed, not every row.
  const toggle = React.useCallback(
    (side: Side, value: string, on: boolean) =>
      setPicked((p) => ({ ...p, [side]: on ? [...p[side].filter((v) => v !== value), value] : p[side].filter((v) => v !== value) })),
    []
  );
  const filters = state.filters;
  const onFilter = React.useCallback(
    (value: string, mode: 'include' | 'exclude') => navigate({ filters: withLabelValue(filters, label, value, mode) }),
    [navigate, filters, label]
  );
  const onFlameGraph = React.useCallback(
    (value: string) => navigate({ view: 'flame-graph', filters: withLabelValue(filters, label, value, 'include') }),
    [navigate, filters, label]
  );
  const favoriteOf = React.useCallback(
    (value: string): FavoriteTarget => ({
      datasource: state.datasource,
      view: 'labels',
      profileType: profileType!,
      service,
      selector: selectorOf(service, withLabelValue(filters, label, value, 'include')),
      groupBy: label,
      title: `${service} · ${label}=${value}`,
    }),
    [state.datasource, profileType, service, filters, label]
  );
  const compare = () =>
    navigate({
      view: 'diff',
      baseline: { filters: [...state.filters, anyOf(label, picked.baseline)], range: state.range },
      comparison: { filters: [...state.filters, anyOf(label, picked.comparison)], range: state.range },
    });
  const colorOf = (i: number) => theme.visualization.getColorByName(theme.visualization.palette[i % theme.visualization.palette.length]!);

  return (
    <RemoteContent
      remote={remote}
      retry={retry}
      isEmpty={(d) => d.series.length === 0}
      loadingText={`Loading the values of ${label}…`}
      empty={`No series with the label ${label}`}
      emptyHint="Group by another label, or widen the time range."
    >
      {(data) => (
        <Stack direction="column" gap={1.5}>
          <Panel
            title={`${service} by ${label}`}
            info={data.totalSeries > data.series.length ? `top ${data.series.length} of ${data.totalSeries} values` : `${data.series.length} values`}
            actions={
              <Stack direction="row" gap={1} alignItems="center">
                <span className={styles.muted}>
                  Baseline: {picked.baseline.length} · Comparison: {picked.comparison.length}
                </span>
                <Button
                  size="sm"
                  icon="code-branch"
                  onClick={compare}
                  disabled={picked.baseline.length === 0 || picked.comparison.length === 0}
                  tooltip="Diff flame graph of the two selections"
                >
                  Compare
                </Button>
              </Stack>
            }
          >
            <TimeSeriesChart
              series={data.series
                .slice(0, 10)
                .map((s, i) => ({ timestamps: s.timestamps, values: s.values, color: colorOf(i), name: s.labels[label] || '(no value)' }))}
              legend
              range={range}
              unit={unit}
              height={140}
              onZoom={onZoom}
              ariaLabel={`${label} values over time`}
            />
          </Panel>
          <div data-testid="label-values">
            {data.series.map((s, i) => (
              <ValueRow
                key={s.labels[label] ?? ''}
                series={s}
                label={label}
                unit={unit}
                color={colorOf(i)}
                baseline={picked.baseline.includes(s.labels[label] ?? '')}
                comparison={picked.comparison.includes(s.labels[label] ?? '')}
                onToggle={toggle}
                onFilter={onFilter}
                onFlameGraph={onFlameGraph}
                onZoom={onZoom}
                favoriteOf={favoriteOf}
              />
            ))}
          </div>
          {data.totalSeries > data.series.length && limit < ALL_LIMIT && (
            <Button variant="secondary" onClick={() => setLimit(ALL_LIMIT)}>
              Show all {data.totalSeries} values
            </Button>
          )}
        </Stack>
      )}
    </RemoteContent>
  );
}

interface ValueRowProps {
  series: Series;
  label: string;
  unit: string;
  color: string;
  baseline: boolean;
  comparison: boolean;
  onToggle: (side: Side, value: string, on: boolean) => void;
  onFilter: (value: string, mode: 'include' | 'exclude') => void;
  onFlameGraph: (value: string) => void;
  onZoom: (from: number, to: number) => void;
  favoriteOf: (value: string) => FavoriteTarget;
}

const ValueRow = React.memo(function ValueRow({
  series,
  label,
  unit,
  color,
  baseline,
  comparison,
  onToggle,
  onFilter,
  onFlameGraph,
  onZoom,
  favoriteOf,
}: ValueRowProps) {
  const { range } = useExplore();
  const styles = useStyles2(getStyles);
  const value = series.labels[label] ?? '';
  const shown = value === '' ? '(no value)' : value;
  return (
    <div className={styles.row} data-testid={`label-value-${shown}`}>
      <div className={styles.stats}>
        <div className={styles.valueName} title={shown}>
          <span className={styles.swatch} style={{ background: color }} />
          {shown}
        </div>
        <dl className={styles.numbers}>
          <dt>Total</dt>
          <dd data-testid="value-total">{formatValue(series.stats.total, unit)}</dd>
          <dt>Average</dt>
          <dd>{formatValue(series.stats.average, unit)}</dd>
          <dt>Max</dt>
          <dd>{formatValue(series.stats.max, unit)}</dd>
        </dl>
        <Stack direction="row" gap={2}>
          <Checkbox label="Baseline" value={baseline} onChange={(e) => onToggle('baseline', value, e.currentTarget.checked)} aria-label={`Baseline ${shown}`} />
          <Checkbox
            label="Comparison"
            value={comparison}
            onChange={(e) => onToggle('comparison', value, e.currentTarget.checked)}
            aria-label={`Comparison ${shown}`}
          />
        </Stack>
        <Stack direction="row" gap={0.5} wrap="wrap">
          <PanelAction variant="secondary" onClick={() => onFilter(value, 'include')} aria-label={`Include ${shown}`} title="Keep only this value (a filter)">
            Include
          </PanelAction>
          <PanelAction variant="secondary" onClick={() => onFilter(value, 'exclude')} aria-label={`Exclude ${shown}`} title="Leave this value out (a filter)">
            Exclude
          </PanelAction>
          <PanelAction onClick={() => onFlameGraph(value)} title="Flame graph of this value">
            Flame graph
          </PanelAction>
          <FavoriteSlot target={favoriteOf(value)} />
        </Stack>
      </div>
      <div className={styles.chart}>
        <TimeSeriesChart
          series={[{ timestamps: series.timestamps, values: series.values, color, name: shown }]}
          range={range}
          unit={unit}
          height={90}
          onZoom={onZoom}
          ariaLabel={`${label}=${shown} over time`}
        />
      </div>
    </div>
  );
});

const getStyles = (theme: GrafanaTheme2) => ({
  muted: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  row: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(260px, 320px) 1fr',
    gap: theme.spacing(2),
    padding: theme.spacing(1.5),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    marginBottom: theme.spacing(1),
  }),
  stats: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), minWidth: 0 }),
  valueName: css({ fontWeight: theme.typography.fontWeightMedium, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  swatch: css({ display: 'inline-block', width: 10, height: 10, borderRadius: 2, marginRight: theme.spacing(1) }),
  numbers: css({
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: theme.spacing(1.5),
    margin: 0,
    fontSize: theme.typography.bodySmall.fontSize,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
  chart: css({ minWidth: 0 }),
});
