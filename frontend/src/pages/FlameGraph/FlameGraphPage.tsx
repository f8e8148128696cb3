import { Alert, EmptyState, Stack } from '@grafana/ui';
import React from 'react';

import type { Selection } from '../../api/client';
import { useApi } from '../../api/useApi';
import { SelectionSeries } from '../../components/SelectionSeries';
import { ExportMenu } from '../../components/ExportMenu';
import { FavoriteButton } from '../../components/FavoriteButton';
import { Section } from '../../components/layout/Section';
import { RemoteContent } from '../../components/RemoteContent';
import { FlameGraphPanel } from '../../flame/FlameGraphPanel';
import { frameOf, truncationNote } from '../../flame/frames';
import { ExactFunctionTable } from '../../flame/FunctionTable';
import { MaxNodesControl } from '../../flame/MaxNodesControl';
import { SandwichPanel } from '../../flame/SandwichPanel';
import { absoluteRange, useResolvedRange } from '../../state/timeRange';
import { useRemote } from '../../state/useRemote';
import { useUserSettings } from '../../state/useUserSettings';
import { selectorOf, type ViewProps } from '../../state/viewState';
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
        ? { datasource: state.datasource, profileType: state.profileType, selector, from: resolved.range.from, to: resolved.range.to }
        : undefined,
    [state.datasource, state.profileType, selector, resolved.range]
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
  return <FlameGraphView selection={selection} service={state.service} maxNodes={state.maxNodes} navigate={navigate} />;
}

function FlameGraphView({
  selection,
  service,
  maxNodes: requestedMaxNodes,
  navigate,
}: {
  selection: Selection;
  service?: string;
  maxNodes?: number;
  navigate: ViewProps['navigate'];
}) {
  const api = useApi();
  const { settings, settled } = useUserSettings();
  const maxNodes = requestedMaxNodes ?? settings?.maxNodes;
  const canvasHost = React.useRef<HTMLDivElement>(null);
  const [sandwich, setSandwich] = React.useState<string | undefined>(undefined);
  // The answer whose flame graph is drawn: the exact table (200 rows) renders after it, not before.
  const [drawnAnswer, setDrawnAnswer] = React.useState<unknown>(undefined);
  const { datasource, profileType, selector, from, to } = selection;
  const [graph, reload] = useRemote(
    async (signal) => {
      if (!settled) {
        // Wait for the user's node limit rather than drawing the graph twice.
        return new Promise<never>(() => {});
      }
      const answer = await api.flameGraph(selection, maxNodes, signal);
      return { answer, receivedAt: performance.now() };
    },
    [api, datasource, profileType, selector, from, to, maxNodes, settled]
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
        title="Flame graph"
        actions={
          <>
            <MaxNodesControl value={maxNodes} onChange={(n) => navigate({ maxNodes: n }, { replace: true })} />
            <ExportMenu selection={selection} maxNodes={maxNodes} canvasHost={canvasHost} fileStem={fileStem} />
          </>
        }
      >
        <RemoteContent
          remote={graph}
          retry={reload}
          isEmpty={(d) => d.answer.flamegraph.total === 0}
          loadingText="Loading flame graph…"
          empty="No profiles of this type in this selection and range"
          emptyHint="Widen the time range in the toolbar, or remove a filter."
        >
          {({ answer, receivedAt }) => {
            const note = truncationNote(answer.flamegraph.truncatedFraction, maxNodes ?? answer.flamegraph.level.length);
            return (
              <div ref={canvasHost}>
                {note && (
                  <Alert severity="info" title="Part of the profile is folded into 'other'">
                    {note}. Raise max nodes to see more of it; the function table below is exact either way.
                  </Alert>
                )}
                <FlameGraphPanel
                  frame={frameOf(answer.flamegraph, answer.profileType.unit)}
                  receivedAt={receivedAt}
                  collapsing={settings?.collapsedFrames ?? true}
                  onDrawn={() => setDrawnAnswer(answer)}
                />
              </div>
            );
          }}
        </RemoteContent>
      </Section>
      {sandwich && (
        <Section title="Sandwich (exact)">
          <SandwichPanel selection={selection} fn={sandwich} maxNodes={maxNodes} onClose={() => setSandwich(undefined)} />
        </Section>
      )}
      {graph.phase === 'ready' && graph.data.answer.flamegraph.total > 0 && drawnAnswer === graph.data.answer && (
        <Section title="Functions (exact, from all stacks)">
          <ExactFunctionTable table={graph.data.answer.functions} unit={graph.data.answer.profileType.unit} onSandwich={setSandwich} />
        </Section>
      )}
    </Stack>
  );
}
