import { Alert, EmptyState, RadioButtonGroup, Stack } from '@grafana/ui';
import React from 'react';

import type { Selection } from '../../api/client';
import { useApi } from '../../api/useApi';
import { SelectionSeries } from '../../components/SelectionSeries';
import { ExportMenu } from '../../components/ExportMenu';
import { FavoriteButton } from '../../components/FavoriteButton';
import { Section } from '../../components/layout/Section';
import { RemoteContent } from '../../components/RemoteContent';
import { FlameGraphPanel, type ContextMenuButtons } from '../../flame/FlameGraphPanel';
import { CallTreeView } from '../../flame/CallTreeView';
import { FocusBreadcrumbs } from '../../flame/FocusBreadcrumbs';
import { FunctionDetailsDrawer } from '../../flame/FunctionDetailsDrawer';
import { callPathOf, callPathRoot, frameOf, functionOfFrame, nextFocusPath, SYNTHETIC_FRAMES } from '../../flame/frames';
import { FrameFilterControl, type FrameFilterError } from '../../flame/FrameFilterControl';
import { TruncationNote } from '../../flame/TruncationNote';
import { frameFilterOfError } from '../../state/frameFilters';
import { ExactFunctionTable } from '../../flame/FunctionTable';
import { MaxNodesControl } from '../../flame/MaxNodesControl';
import { SandwichPanel } from '../../flame/SandwichPanel';
import { absoluteRange, useResolvedRange } from '../../state/timeRange';
import { useRemote } from '../../state/useRemote';
import { useFramePresets, useUserSettings } from '../../state/useUserSettings';
import { selectorOf, type CallTreeDirection, type ViewProps } from '../../state/viewState';

const DISPLAYS: Array<{ label: string; value: 'flame' | CallTreeDirection; description: string }> = [
  { label: 'Flame graph', value: 'flame', description: 'the merged stacks as a flame graph' },
  { label: 'Top-down tree', value: 'top-down', description: 'callers above their callees' },
  { label: 'Bottom-up tree', value: 'bottom-up', description: 'the hottest frames first, their callers below' },
];
import type { FavoriteContent } from '../../api/wire';

/**
 * Flame graph view: the selection's total over time (drag to zoom), the flame graph with its top
 * table, sandwich and search, the share folded into `other` with the node limit, and the backend's
 * exact function table below.
 */
export function FlameGraphPage({ state, navigate }: ViewProps) {
  const resolved = useResolvedRange(state.range);
  const selector = selectorOf(state.service, state.filters);
  const selection = React.useMemo<Selection | undefined>(
    () =>
      state.profileType && resolved.range
        ? {
            datasource: state.datasource,
            profileType: state.profileType,
            selector,
            from: resolved.range.from,
            to: resolved.range.to,
            frames: state.frameFilters,
          }
        : undefined,
    [state.datasource, state.profileType, selector, resolved.range, state.frameFilters]
  );
  if (!state.profileType) {
    return (
      <EmptyState variant="call-to-action" message="Choose a profile type">
        The flame graph shows one profile type of one selection. Pick a service and a profile type first.
      </EmptyState>
    );
  }
  if (resolved.error !== undefined || !selection) {
    return (
      <Alert severity="error" title="The time range cannot be read">
        {resolved.error}
      </Alert>
    );
  }
  return (
    <FlameGraphView
      selection={selection}
      service={state.service}
      maxNodes={state.maxNodes}
      focusPath={state.focusPath}
      details={state.details}
      tree={state.tree}
      navigate={navigate}
    />
  );
}

function FlameGraphView({
  selection,
  service,
  maxNodes: requestedMaxNodes,
  focusPath,
  details,
  tree,
  navigate,
}: {
  selection: Selection;
  service?: string;
  maxNodes?: number;
  focusPath?: string[];
  details?: string;
  tree?: CallTreeDirection;
  navigate: ViewProps['navigate'];
}) {
  const api = useApi();
  const { settings, settled, reload: reloadSettings } = useUserSettings();
  const presets = useFramePresets(settings, reloadSettings);
  const maxNodes = requestedMaxNodes ?? settings?.maxNodes;
  const focusKey = focusPath ? JSON.stringify(focusPath) : '';
  const canvasHost = React.useRef<HTMLDivElement>(null);
  const [sandwich, setSandwich] = React.useState<string | undefined>(undefined);
  // The answer whose flame graph is drawn: the exact table (200 rows) renders after it, not before.
  const [drawnAnswer, setDrawnAnswer] = React.useState<unknown>(undefined);
  const { datasource, profileType, selector, from, to, frames } = selection;
  const [graph, reload] = useRemote(
    async (signal) => {
      if (!settled) {
        // Wait for the user's node limit rather than drawing the graph twice.
        return new Promise<never>(() => {});
      }
      const answer = await api.flameGraph(selection, maxNodes, signal, focusPath);
      return { answer, receivedAt: performance.now() };
    },
    [api, datasource, profileType, selector, from, to, frames, maxNodes, settled, focusKey]
  );
  const filterError: FrameFilterError | undefined = React.useMemo(() => {
    if (graph.phase !== 'error') {
      return undefined;
    }
    const field = frameFilterOfError(graph.error.message);
    return field === undefined ? undefined : { field, message: graph.error.message };
  }, [graph]);
  // The flame graph's context menu: focus the clicked call path on the server (the whole node budget
  // goes to its subtree, so nothing under it is lost to 'other'), or open the function's details.
  const contextMenuButtons = React.useCallback<ContextMenuButtons>(
    (clicked, data) => {
      const path = callPathOf(data, clicked.item.itemIndexes[0] ?? -1);
      if (path.length === 0 || path.some((name) => SYNTHETIC_FRAMES.has(name))) {
        return [];
      }
      const buttons: ReturnType<ContextMenuButtons> = [
        {
          label: 'Focus on this call path (exact)',
          icon: 'crosshair',
          onClick: () => navigate({ focusPath: nextFocusPath(focusPath, path, callPathRoot(data)) }),
        },
      ];
      const fn = functionOfFrame(path[path.length - 1]!, frames?.granularity);
      if (fn !== undefined) {
        buttons.push({ label: 'Function details', icon: 'info-circle', onClick: () => navigate({ details: fn }) });
      }
      return buttons;
    },
    [navigate, focusPath, frames?.granularity]
  );
  const openDetails = React.useCallback((fn: string) => navigate({ details: fn }), [navigate]);
  // Tables list frames at the chosen granularity; the details route takes the function inside one.
  const granularity = frames?.granularity;
  const detailsOfFrame = React.useMemo(
    () => (granularity === 'files' ? undefined : (frame: string) => openDetails(functionOfFrame(frame, granularity) ?? frame)),
    [granularity, openDetails]
  );

  const favorite: FavoriteContent = { view: 'flame-graph', profileType, service, selector, datasource, title: `${service ?? 'All services'} · flame graph` };
  // The type's readable label once the backend has described it; its id until then.
  const typeLabel = graph.phase === 'ready' ? graph.data.answer.profileType.label : profileType;
  const fileStem = `${service ?? 'selection'}_${profileType.split(':')[0]}_${from}_${to}`;

  return (
    <Stack direction="column" gap={0}>
      <Section title={`${service ?? 'All services'} · ${typeLabel}`} actions={<FavoriteButton target={favorite} />}>
        <SelectionSeries selection={selection} ariaLabel="Selection over time" onSelectRange={(a, b) => navigate({ range: absoluteRange(a, b) })} />
      </Section>
      <Section
        title={tree ? 'Call tree' : 'Flame graph'}
        label="Flame graph"
        actions={
          <>
            <RadioButtonGroup
              aria-label="Graph or call tree"
              options={DISPLAYS}
              value={tree ?? 'flame'}
              onChange={(d: 'flame' | CallTreeDirection) => navigate({ tree: d === 'flame' ? undefined : d, focusPath: undefined })}
            />
            <MaxNodesControl value={maxNodes} onChange={(n) => navigate({ maxNodes: n }, { replace: true })} />
            <ExportMenu selection={selection} maxNodes={maxNodes} canvasHost={canvasHost} fileStem={fileStem} />
          </>
        }
      >
        <FrameFilterControl value={frames} onApply={(f) => navigate({ frameFilters: f })} error={filterError} presets={presets} />
        {tree && <CallTreeView selection={selection} direction={tree} maxNodes={maxNodes} onDetails={detailsOfFrame} />}
        {!tree && focusPath && <FocusBreadcrumbs path={focusPath} onNavigate={(path) => navigate({ focusPath: path.length > 0 ? path : undefined })} />}
        {!tree && (
          <RemoteContent
            remote={graph}
            retry={reload}
            isEmpty={(d) => d.answer.flamegraph.total === 0}
            loadingText="Loading flame graph…"
            empty={focusPath ? 'No stacks go through this call path' : 'No profiles of this type in this selection and range'}
            emptyHint={focusPath ? 'Go back up with the breadcrumbs, or loosen the frame filters.' : 'Widen the time range in the toolbar, or remove a filter.'}
          >
            {({ answer, receivedAt }) => (
              <div ref={canvasHost}>
                <TruncationNote
                  fraction={answer.flamegraph.truncatedFraction}
                  maxNodes={maxNodes ?? answer.flamegraph.level.length}
                  hint="Raise max nodes, or focus a call path from the graph's menu to see more of it; the function table below is exact either way."
                />
                <FlameGraphPanel
                  frame={frameOf(answer.flamegraph, answer.profileType.unit)}
                  receivedAt={receivedAt}
                  collapsing={settings?.collapsedFrames ?? true}
                  contextMenuButtons={contextMenuButtons}
                  onDrawn={() => setDrawnAnswer(answer)}
                />
              </div>
            )}
          </RemoteContent>
        )}
      </Section>
      {sandwich && (
        <Section title="Sandwich (exact)">
          <SandwichPanel selection={selection} fn={sandwich} maxNodes={maxNodes} onClose={() => setSandwich(undefined)} />
        </Section>
      )}
      {graph.phase === 'ready' && graph.data.answer.flamegraph.total > 0 && (tree !== undefined || drawnAnswer === graph.data.answer) && (
        <Section title="Functions (exact, from all stacks)">
          <ExactFunctionTable
            table={graph.data.answer.functions}
            unit={graph.data.answer.profileType.unit}
            onSandwich={setSandwich}
            onDetails={detailsOfFrame}
          />
        </Section>
      )}
      {details && <FunctionDetailsDrawer selection={selection} fn={details} onOpen={openDetails} onClose={() => navigate({ details: undefined })} />}
    </Stack>
  );
}
