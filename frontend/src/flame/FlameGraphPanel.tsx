import { css } from '@emotion/css';
import type { DataFrame, GrafanaTheme2 } from '@grafana/data';
import { FlameGraph, type Props as FlameGraphProps } from '@grafana/flamegraph';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';

declare global {
  interface Window {
    /** Render times of the flame graphs shown so far (ms from data received to canvas drawn); read by the e2e suite. */
    hotpathFlameRenders?: Array<{ rows: number; ms: number }>;
  }
}

/** The component's hook for extra context-menu buttons (its type is not exported by name). */
export type ContextMenuButtons = NonNullable<FlameGraphProps['getExtraContextMenuButtons']>;

export interface FlameGraphPanelProps {
  frame: DataFrame;
  /** `performance.now()` when the route's answer was decoded: the start of the render measurement. */
  receivedAt?: number;
  collapsing?: boolean;
  flameGraphOnly?: boolean;
  extraHeaderElements?: React.ReactNode;
  onTableSymbolClick?: (symbol: string) => void;
  /** Buttons added to the component's context menu of a clicked bar (focus on the server, function details). */
  contextMenuButtons?: ContextMenuButtons;
  /** Called once the graph of this frame is on the canvas (the page holds its own tables until then). */
  onDrawn?: () => void;
}

/**
 * Grafana's flame graph component (canvas flame graph, top table, sandwich, search, collapsed
 * groups) over a frame built from the route's nested set. Also measures the time from the data's
 * arrival to the first drawn canvas: the root bar spans the whole width, so its first pixel being
 * painted means the graph is on screen.
 */
export function FlameGraphPanel({
  frame,
  receivedAt,
  collapsing = true,
  flameGraphOnly,
  extraHeaderElements,
  onTableSymbolClick,
  contextMenuButtons,
  onDrawn,
}: FlameGraphPanelProps) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const ref = React.useRef<HTMLDivElement>(null);
  const [renderMs, setRenderMs] = React.useState<number | undefined>(undefined);
  // The frame whose graph is on the canvas. The component's top table (hundreds of rows, icons, a
  // layout of its own) joins only then: in the same render it kept the canvas waiting for it.
  const [drawnFrame, setDrawnFrame] = React.useState<DataFrame | undefined>(undefined);
  const onDrawnRef = React.useRef(onDrawn);
  React.useLayoutEffect(() => {
    onDrawnRef.current = onDrawn;
  });

  React.useEffect(() => {
    let handle = 0;
    let frames = 0;
    const done = () => {
      setDrawnFrame(frame);
      onDrawnRef.current?.();
    };
    const poll = () => {
      const canvas = ref.current?.querySelector<HTMLCanvasElement>('canvas[data-testid="flameGraph"]');
      if (canvas && canvas.width > 0 && canvas.height > 0 && rootBarPainted(canvas)) {
        if (receivedAt !== undefined) {
          const ms = performance.now() - receivedAt;
          setRenderMs(ms);
          (window.hotpathFlameRenders ??= []).push({ rows: frame.length, ms });
        }
        done();
        return;
      }
      // A canvas that never paints (hidden, zero-sized) must not hold the tables back for good.
      if (++frames > MAX_WAIT_FRAMES) {
        done();
        return;
      }
      handle = requestAnimationFrame(poll);
    };
    handle = requestAnimationFrame(poll);
    return () => cancelAnimationFrame(handle);
  }, [frame, receivedAt]);

  return (
    <div ref={ref} className={styles.container} data-render-ms={renderMs === undefined ? undefined : renderMs.toFixed(1)} data-rows={frame.length}>
      <FlameGraph
        data={frame}
        getTheme={() => theme}
        disableCollapsing={!collapsing}
        showFlameGraphOnly={flameGraphOnly || drawnFrame !== frame}
        extraHeaderElements={extraHeaderElements}
        onTableSymbolClick={onTableSymbolClick}
        getExtraContextMenuButtons={contextMenuButtons}
        // The graph on top at the full width, the top table below it: side by side, each got half a row.
        vertical
        showAnalyzeWithAssistant={false}
        keepFocusOnDataChange={false}
      />
    </div>
  );
}

/** Animation frames to wait for the first paint before showing the tables anyway (a few seconds). */
const MAX_WAIT_FRAMES = 300;

function rootBarPainted(canvas: HTMLCanvasElement): boolean {
  const context = canvas.getContext('2d');
  if (!context) {
    return false;
  }
  // Row 0 is the root bar; sample its middle, one device pixel.
  const pixel = context.getImageData(Math.floor(canvas.width / 2), Math.floor(Math.min(canvas.height - 1, 8 * (window.devicePixelRatio || 1))), 1, 1).data;
  return pixel[3]! > 0;
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ width: '100%', minHeight: theme.spacing(20) }),
});
