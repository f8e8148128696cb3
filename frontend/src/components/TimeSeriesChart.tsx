import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';
import uPlot from 'uplot';

import type { MsRange } from '../state/timeRange';
import { formatValue } from './format';

declare global {
  interface Window {
    /**
     * When true before the page loads, every chart draws at once instead of when it scrolls into
     * view: the browser tests and `make bench/ui` use it to see (and time) every panel drawn.
     */
    hotpathEagerCharts?: boolean;
  }
}

export interface ChartSeries {
  /** Ms since the epoch, ascending; same length as values. */
  timestamps: readonly number[];
  values: readonly number[];
  /** Legend and tooltip name; the chart's own name when absent. */
  name?: string;
  color?: string;
}

export interface TimeSeriesChartProps {
  series: readonly ChartSeries[];
  /** The queried range: the x axis spans it whole, so empty edges show as empty. */
  range: MsRange;
  /** Grafana unit id of the values (the profile type's `unit`): the y axis and tooltip use it. */
  unit: string;
  height?: number;
  /** Called with the range the user selected by dragging (ms); no zoom when absent. */
  onZoom?: (from: number, to: number) => void;
  /** Show a legend under the plot (charts with several series). */
  legend?: boolean;
  ariaLabel: string;
}

/** A drag shorter than this many pixels is a click, not a zoom. */
const MIN_DRAG_PX = 4;
/** Charts this close below the viewport start drawing before they scroll in. */
const LAZY_MARGIN = '200px';

/**
 * The one time-series chart: uPlot (the canvas chart Grafana's own time-series panel draws with) in
 * Grafana's theme. The x axis is the queried range, the y axis starts at 0 and reads in the profile
 * type's unit; dragging across selects a range (drag-to-zoom), hovering shows the values at the
 * cursor. A chart draws when it comes near the viewport, so a page of fifty panels draws the ones in
 * view first; `data-drawn` is set once its canvas is drawn.
 */
export const TimeSeriesChart = React.memo(function TimeSeriesChart({
  series: given,
  range,
  unit,
  height = 120,
  onZoom,
  legend = false,
  ariaLabel,
}: TimeSeriesChartProps) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const series = useStableSeries(given);
  const hostRef = React.useRef<HTMLDivElement>(null);
  const plotRef = React.useRef<uPlot | null>(null);
  const zoomRef = React.useRef(onZoom);
  React.useLayoutEffect(() => {
    zoomRef.current = onZoom;
  });
  const zoomable = onZoom !== undefined;
  const [visible, setVisible] = React.useState(() => typeof IntersectionObserver === 'undefined' || window.hotpathEagerCharts === true);
  const [hover, setHover] = React.useState<{ left: number; width: number; time: number; values: Array<{ name: string; color: string; value: number }> } | null>(
    null
  );

  React.useEffect(() => {
    const host = hostRef.current;
    if (visible || !host) {
      return;
    }
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setVisible(true), { rootMargin: LAZY_MARGIN });
    observer.observe(host);
    return () => observer.disconnect();
  }, [visible]);

  const colors = React.useMemo(
    () => series.map((s, i) => s.color ?? theme.visualization.getColorByName(theme.visualization.palette[i % theme.visualization.palette.length]!)),
    [series, theme]
  );

  React.useEffect(() => {
    const host = hostRef.current;
    if (!visible || !host) {
      return;
    }
    const span = Math.max(1, range.to - range.from);
    // Canvas fonts take px, not the rem of the theme's sizes.
    const axisFont = `11px ${theme.typography.fontFamily}`;
    const axisColor = theme.colors.text.secondary;
    const grid = { stroke: theme.colors.border.weak, width: 1 };
    const options = (width: number): uPlot.Options => ({
      width: Math.max(1, width),
      height,
      ms: 1,
      legend: { show: false },
      padding: [6, 8, 0, 0],
      scales: {
        x: { time: true, range: () => [range.from, range.to] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.name ?? ariaLabel,
          stroke: colors[i],
          width: 1.5,
          fill: series.length === 1 ? `${colors[i]}1f` : undefined,
          points: { show: false },
          spanGaps: false,
        })),
      ],
      axes: [
        {
          stroke: axisColor,
          font: axisFont,
          grid,
          ticks: { show: false },
          size: 22,
          space: 80,
          values: (_u, splits) => splits.map((t) => dateTimeFormat(t, { format: span > 2 * 86_400_000 ? 'MM-DD HH:mm' : 'HH:mm' })),
        },
        {
          stroke: axisColor,
          font: axisFont,
          grid,
          ticks: { show: false },
          size: 64,
          space: height < 110 ? 30 : 40,
          values: (_u, splits) => splits.map((v) => formatValue(v, unit, null)),
        },
      ],
      cursor: {
        drag: { x: zoomable, y: false, setScale: false },
        points: { show: false },
        y: false,
      },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      hooks: {
        ready: [
          (u) => {
            // The plotting area (inside the axes) is where a drag maps to time; tests drag across it.
            u.over.setAttribute('data-testid', 'time-series-plot');
            host.setAttribute('data-drawn', 'true');
          },
        ],
        setSelect: [
          (u) => {
            const zoom = zoomRef.current;
            if (zoom && u.select.width >= MIN_DRAG_PX) {
              zoom(u.posToVal(u.select.left, 'x'), u.posToVal(u.select.left + u.select.width, 'x'));
            }
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          },
        ],
        setCursor: [
          (u) => {
            const idx = u.cursor.idx;
            const left = u.cursor.left ?? -1;
            if (idx === null || idx === undefined || left < 0) {
              setHover(null);
              return;
            }
            const time = u.data[0][idx]!;
            setHover({
              left: left + u.over.offsetLeft,
              width: host.clientWidth,
              time,
              values: series.map((s, i) => ({ name: s.name ?? '', color: colors[i]!, value: (u.data[i + 1]![idx] as number | null) ?? 0 })),
            });
          },
        ],
      },
    });
    // The plot is made in the resize observer's first callback, with the width the browser measured
    // for it: reading host.clientWidth here would force a layout per chart, and fifty charts created
    // in one commit would lay the page out fifty times (each new canvas invalidates the last layout).
    let plot: uPlot | null = null;
    const resize = new ResizeObserver((entries) => {
      const width = Math.round(entries[entries.length - 1]!.contentRect.width);
      if (plot === null) {
        plot = new uPlot(options(width), toAligned(series), host);
        plotRef.current = plot;
      } else if (width > 0 && width !== plot.width) {
        plot.setSize({ width, height });
      }
    });
    resize.observe(host);
    return () => {
      resize.disconnect();
      plot?.destroy();
      plotRef.current = null;
      host.removeAttribute('data-drawn');
    };
  }, [visible, series, colors, range.from, range.to, unit, height, zoomable, ariaLabel, theme]);

  return (
    <div className={styles.chart}>
      <div
        ref={hostRef}
        className={styles.plot}
        style={{ height, cursor: onZoom ? 'crosshair' : 'default' }}
        role="img"
        aria-label={ariaLabel}
        data-testid="time-series-chart"
        // Drag-to-zoom has a keyboard twin: + zooms into the middle half, - zooms out to twice the range.
        tabIndex={onZoom ? 0 : undefined}
        aria-keyshortcuts={onZoom ? '+ -' : undefined}
        title={onZoom ? 'Drag to zoom in; or focus and press + to zoom in, - to zoom out' : undefined}
        onKeyDown={onZoom ? (e) => keyboardZoom(e, range, onZoom) : undefined}
      />
      {hover && (
        <div
          className={styles.tooltip}
          style={hover.left > hover.width * 0.6 ? { right: hover.width - hover.left + 8 } : { left: hover.left + 8 }}
          role="tooltip"
        >
          <div>{dateTimeFormat(hover.time, { format: 'YYYY-MM-DD HH:mm:ss' })}</div>
          {hover.values.map((v, i) => (
            <div key={i}>
              <span className={styles.swatch} style={{ background: v.color }} />
              {v.name ? `${v.name}: ` : ''}
              {formatValue(v.value, unit)}
            </div>
          ))}
        </div>
      )}
      {legend && (
        <ul className={styles.legend} aria-label={`${ariaLabel}: legend`}>
          {series.map((s, i) => (
            <li key={i}>
              <span className={styles.swatch} style={{ background: colors[i] }} />
              {s.name ?? ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});

/**
 * Callers often build the series list inline (`[{ timestamps, values, color }]`); the chart is
 * rebuilt only when a series' columns (by reference: they come from the route's answer), name or
 * colour change, not on every render of the page around it.
 */
function useStableSeries(series: readonly ChartSeries[]): readonly ChartSeries[] {
  const [stable, setStable] = React.useState(series);
  const same =
    stable.length === series.length &&
    stable.every((p, i) => {
      const s = series[i]!;
      return p.timestamps === s.timestamps && p.values === s.values && p.name === s.name && p.color === s.color;
    });
  if (!same) {
    // Adjusting state during render (React re-renders at once, before painting).
    setStable(series);
  }
  return same ? stable : series;
}

function keyboardZoom(event: React.KeyboardEvent, range: MsRange, onZoom: (from: number, to: number) => void) {
  const span = range.to - range.from;
  if (event.key === '+' || event.key === '=') {
    onZoom(range.from + span / 4, range.to - span / 4);
  } else if (event.key === '-') {
    onZoom(range.from - span / 2, range.to + span / 2);
  } else {
    return;
  }
  event.preventDefault();
}

/**
 * uPlot takes one shared x column; series from the backend usually share timestamps, but not
 * always (a value with gaps), so the columns are merged and a missing point is a gap (null).
 */
export function toAligned(series: readonly ChartSeries[]): uPlot.AlignedData {
  const first = series[0];
  if (first && series.every((s) => s.timestamps === first.timestamps || sameNumbers(s.timestamps, first.timestamps))) {
    return [first.timestamps as number[], ...series.map((s) => s.values as number[])];
  }
  const xs = [...new Set(series.flatMap((s) => s.timestamps as number[]))].sort((a, b) => a - b);
  const index = new Map(xs.map((t, i) => [t, i]));
  return [
    xs,
    ...series.map((s) => {
      const column: Array<number | null> = new Array(xs.length).fill(null);
      s.timestamps.forEach((t, i) => (column[index.get(t)!] = s.values[i]!));
      return column;
    }),
  ];
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

const getStyles = (theme: GrafanaTheme2) => ({
  chart: css({ position: 'relative', userSelect: 'none', minWidth: 0 }),
  // uPlot's own layout rules (its stylesheet is not loaded in the standalone page), in the theme's colours.
  plot: css({
    position: 'relative',
    width: '100%',
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.border}`, outlineOffset: 2 },
    '.u-wrap': { position: 'relative', userSelect: 'none' },
    '.u-over, .u-under': { position: 'absolute' },
    '.u-under': { overflow: 'hidden' },
    'canvas, .u-axis': { display: 'block', position: 'relative' },
    '.u-axis': { position: 'absolute' },
    '.u-select': { position: 'absolute', pointerEvents: 'none', background: theme.colors.primary.transparent },
    '.u-cursor-x': {
      position: 'absolute',
      left: 0,
      top: 0,
      pointerEvents: 'none',
      willChange: 'transform',
      height: '100%',
      borderRight: `1px dashed ${theme.colors.text.disabled}`,
    },
    '.u-cursor-y, .u-cursor-pt': { display: 'none' },
    '.u-hz .u-cursor-x': { height: '100%' },
    '.u-off': { display: 'none' },
  }),
  tooltip: css({
    position: 'absolute',
    top: 2,
    padding: theme.spacing(0.25, 0.75),
    background: theme.colors.background.elevated,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z2,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    pointerEvents: 'none',
    zIndex: 1,
  }),
  swatch: css({ display: 'inline-block', width: 8, height: 8, borderRadius: 2, marginRight: theme.spacing(0.5) }),
  legend: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 1.5),
    listStyle: 'none',
    margin: theme.spacing(0.5, 0, 0),
    padding: 0,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
  }),
});
