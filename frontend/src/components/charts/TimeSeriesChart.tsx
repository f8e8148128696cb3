import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';

import type { Series } from '../../types/graphWire';
import { formatValue } from './format';

export interface TimeSeriesChartProps {
  series: Series[];
  unit: string;
  /** The requested range (ms): the x axis spans it even where points are missing. */
  from: number;
  to: number;
  height?: number;
  /** Called with the dragged range (ms); no drag selection without it. */
  onSelectRange?: (from: number, to: number) => void;
  ariaLabel: string;
}

const PAD = { left: 64, right: 12, top: 8, bottom: 20 };
const MIN_DRAG_PX = 4;

/**
 * A small SVG line chart of one or more series with drag-to-select on the x axis. Its own component
 * (not Grafana's TimeSeries panel) because it must run the same inside Grafana and in the standalone
 * page without a panel context, and because the selection must hand back a plain range.
 */
export function TimeSeriesChart({ series, unit, from, to, height = 160, onSelectRange, ariaLabel }: TimeSeriesChartProps) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const ref = React.useRef<HTMLDivElement>(null);
  const [width, setWidth] = React.useState(0);
  const [drag, setDrag] = React.useState<{ start: number; end: number } | null>(null);

  React.useLayoutEffect(() => {
    const element = ref.current;
    if (!element) {
      return;
    }
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  const plotWidth = Math.max(1, width - PAD.left - PAD.right);
  const plotHeight = height - PAD.top - PAD.bottom;
  const max = Math.max(0, ...series.map((s) => s.stats.max)) || 1;
  const span = Math.max(1, to - from);
  const x = (t: number) => PAD.left + ((t - from) / span) * plotWidth;
  const y = (v: number) => PAD.top + plotHeight - (v / max) * plotHeight;
  const timeAt = (px: number) => from + ((Math.min(Math.max(px, PAD.left), PAD.left + plotWidth) - PAD.left) / plotWidth) * span;
  const colors = theme.visualization.palette;

  const localX = (event: React.PointerEvent) => event.clientX - (ref.current?.getBoundingClientRect().left ?? 0);
  const onPointerDown = (event: React.PointerEvent) => {
    if (!onSelectRange || event.button !== 0) {
      return;
    }
    (event.target as Element).setPointerCapture?.(event.pointerId);
    const px = localX(event);
    setDrag({ start: px, end: px });
  };
  const onPointerMove = (event: React.PointerEvent) => {
    if (drag) {
      setDrag({ ...drag, end: localX(event) });
    }
  };
  const onPointerUp = () => {
    if (drag && onSelectRange && Math.abs(drag.end - drag.start) >= MIN_DRAG_PX) {
      const a = timeAt(Math.min(drag.start, drag.end));
      const b = timeAt(Math.max(drag.start, drag.end));
      onSelectRange(a, b);
    }
    setDrag(null);
  };

  const ticks = [0, 0.5, 1].map((f) => f * max);
  const timeTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => from + f * span);
  const timeLabel = (t: number) =>
    new Date(t).toLocaleTimeString(undefined, span > 36 * 3600_000 ? { month: 'short', day: 'numeric', hour: '2-digit' } : { hour: '2-digit', minute: '2-digit' });

  return (
    <div ref={ref} className={styles.container} style={{ height }}>
      {width > 0 && (
        <svg
          width={width}
          height={height}
          role="img"
          aria-label={ariaLabel}
          className={onSelectRange ? styles.selectable : undefined}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
        >
          {ticks.map((v) => (
            <g key={`y${v}`}>
              <line x1={PAD.left} x2={PAD.left + plotWidth} y1={y(v)} y2={y(v)} stroke={theme.colors.border.weak} />
              <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className={styles.axis}>
                {formatValue(v, unit)}
              </text>
            </g>
          ))}
          {timeTicks.map((t, i) => (
            <text key={`x${i}`} x={x(t)} y={height - 4} textAnchor={i === 0 ? 'start' : i === 4 ? 'end' : 'middle'} className={styles.axis}>
              {timeLabel(t)}
            </text>
          ))}
          {series.map((s, i) => (
            <path
              key={i}
              d={s.timestamps.map((t, j) => `${j === 0 ? 'M' : 'L'}${x(t).toFixed(1)},${y(s.values[j]!).toFixed(1)}`).join('')}
              fill="none"
              stroke={colors[i % colors.length]}
              strokeWidth={1.5}
            >
              <title>{Object.entries(s.labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'total'}</title>
            </path>
          ))}
          {drag && (
            <rect
              data-testid="range-selection"
              x={Math.min(drag.start, drag.end)}
              y={PAD.top}
              width={Math.abs(drag.end - drag.start)}
              height={plotHeight}
              fill={theme.colors.primary.transparent}
            />
          )}
        </svg>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ width: '100%', position: 'relative', userSelect: 'none' }),
  selectable: css({ cursor: 'crosshair', touchAction: 'none' }),
  axis: css({ fill: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
