import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';

import type { MsRange } from '../api/exploreApi';
import { formatValue } from '../explore/format';

export interface ChartSeries {
  timestamps: readonly number[];
  values: readonly number[];
  color?: string;
}

export interface TimeSeriesChartProps {
  series: readonly ChartSeries[];
  /** The queried range: the x axis spans it whole, so empty edges show as empty. */
  range: MsRange;
  unit: string;
  height?: number;
  /** Called with the range the user selected by dragging; no zoom when absent. */
  onZoom?: (from: number, to: number) => void;
  ariaLabel: string;
}

/** A drag shorter than this many pixels is a click, not a zoom. */
const MIN_DRAG_PX = 4;
const VIEW_WIDTH = 1000;

/**
 * A small line chart in Grafana's theme. It draws one SVG path per series (no per-point elements),
 * so fifty of them on a page stay cheap; the x axis is the queried range, the y axis starts at 0.
 * Dragging across it selects a time range (drag-to-zoom); hovering reads out the nearest point.
 */
export const TimeSeriesChart = React.memo(function TimeSeriesChart({ series, range, unit, height = 120, onZoom, ariaLabel }: TimeSeriesChartProps) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const plotRef = React.useRef<HTMLDivElement>(null);
  const [drag, setDrag] = React.useState<{ start: number; end: number } | null>(null);
  const [hover, setHover] = React.useState<number | null>(null);

  const span = Math.max(1, range.to - range.from);
  const max = Math.max(0, ...series.map((s) => s.values.reduce((m, v) => (v > m ? v : m), 0)));
  const yMax = max > 0 ? max * 1.1 : 1;
  const x = (t: number) => ((t - range.from) / span) * VIEW_WIDTH;
  const y = (v: number) => height - (v / yMax) * height;

  const paths = series.map((s, i) => {
    let line = '';
    for (let p = 0; p < s.timestamps.length; p++) {
      line += `${p === 0 ? 'M' : 'L'}${x(s.timestamps[p]!).toFixed(1)},${y(s.values[p]!).toFixed(1)}`;
    }
    const color = s.color ?? theme.visualization.getColorByName(theme.visualization.palette[i % theme.visualization.palette.length]!);
    const first = s.timestamps[0];
    const last = s.timestamps[s.timestamps.length - 1];
    const area = first === undefined || last === undefined ? '' : `${line}L${x(last).toFixed(1)},${height}L${x(first).toFixed(1)},${height}Z`;
    return { line, area, color };
  });

  const fraction = (clientX: number) => {
    const box = plotRef.current?.getBoundingClientRect();
    return box && box.width > 0 ? Math.min(1, Math.max(0, (clientX - box.left) / box.width)) : 0;
  };

  const onMouseDown = (event: React.MouseEvent) => {
    if (!onZoom || event.button !== 0) {
      return;
    }
    event.preventDefault();
    const start = fraction(event.clientX);
    setDrag({ start, end: start });
    const width = plotRef.current?.getBoundingClientRect().width ?? 1;
    const move = (e: MouseEvent) => setDrag({ start, end: fraction(e.clientX) });
    const up = (e: MouseEvent) => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      setDrag(null);
      const end = fraction(e.clientX);
      if (Math.abs(end - start) * width >= MIN_DRAG_PX) {
        onZoom(range.from + Math.min(start, end) * span, range.from + Math.max(start, end) * span);
      }
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  const hoverPoint = hover === null ? undefined : nearestPoint(series, range.from + hover * span);
  const format = (t: number) => dateTimeFormat(t, { format: span > 2 * 86_400_000 ? 'MM-DD HH:mm' : 'HH:mm' });

  return (
    <div className={styles.chart} role="img" aria-label={ariaLabel}>
      <div className={styles.yLabel}>{formatValue(max, unit)}</div>
      <div
        ref={plotRef}
        className={styles.plot}
        style={{ height, cursor: onZoom ? 'crosshair' : 'default' }}
        onMouseDown={onMouseDown}
        onMouseMove={(e) => setHover(fraction(e.clientX))}
        onMouseLeave={() => setHover(null)}
        data-testid="time-series-plot"
      >
        <svg width="100%" height={height} viewBox={`0 0 ${VIEW_WIDTH} ${height}`} preserveAspectRatio="none" className={styles.svg}>
          <line x1={0} x2={VIEW_WIDTH} y1={height - 0.5} y2={height - 0.5} stroke={theme.colors.border.weak} vectorEffect="non-scaling-stroke" />
          {paths.map((p, i) => (
            <g key={i}>
              <path d={p.area} fill={p.color} fillOpacity={0.12} stroke="none" />
              <path d={p.line} fill="none" stroke={p.color} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
            </g>
          ))}
        </svg>
        {drag && (
          <div className={styles.selection} style={{ left: `${Math.min(drag.start, drag.end) * 100}%`, width: `${Math.abs(drag.end - drag.start) * 100}%` }} />
        )}
        {hoverPoint && !drag && (
          <>
            <div className={styles.cursor} style={{ left: `${((hoverPoint.t - range.from) / span) * 100}%` }} />
            <div className={styles.readout} style={hover !== null && hover > 0.6 ? { left: 4 } : { right: 4 }}>
              {dateTimeFormat(hoverPoint.t, { format: 'YYYY-MM-DD HH:mm:ss' })} · {formatValue(hoverPoint.v, unit)}
            </div>
          </>
        )}
      </div>
      <div className={styles.xAxis}>
        <span>{format(range.from)}</span>
        <span>{format(range.from + span / 2)}</span>
        <span>{format(range.to)}</span>
      </div>
    </div>
  );
});

function nearestPoint(series: readonly ChartSeries[], t: number): { t: number; v: number } | undefined {
  let best: { t: number; v: number } | undefined;
  for (const s of series) {
    // Points are sorted by time: binary search for the first at or after t, then compare neighbours.
    let lo = 0;
    let hi = s.timestamps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s.timestamps[mid]! < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (const i of [lo - 1, lo]) {
      const ts = s.timestamps[i];
      if (ts !== undefined && (best === undefined || Math.abs(ts - t) < Math.abs(best.t - t))) {
        best = { t: ts, v: s.values[i]! };
      }
    }
  }
  return best;
}

const getStyles = (theme: GrafanaTheme2) => ({
  chart: css({ position: 'relative', userSelect: 'none' }),
  yLabel: css({ fontSize: theme.typography.bodySmall.fontSize, color: theme.colors.text.secondary, lineHeight: 1.4 }),
  plot: css({ position: 'relative', width: '100%' }),
  svg: css({ display: 'block', overflow: 'visible' }),
  selection: css({
    position: 'absolute',
    top: 0,
    bottom: 0,
    background: theme.colors.primary.transparent,
    border: `1px solid ${theme.colors.primary.border}`,
    pointerEvents: 'none',
  }),
  cursor: css({ position: 'absolute', top: 0, bottom: 0, width: 1, background: theme.colors.text.disabled, pointerEvents: 'none' }),
  readout: css({
    position: 'absolute',
    top: 2,
    padding: theme.spacing(0.25, 0.75),
    background: theme.colors.background.elevated,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    pointerEvents: 'none',
  }),
  xAxis: css({
    display: 'flex',
    justifyContent: 'space-between',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    marginTop: 2,
  }),
});
