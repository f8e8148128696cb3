import { Alert, EmptyState, Stack } from '@grafana/ui';
import React from 'react';

import type { Selection } from '../../api/graphApi';
import { useGraphApi } from '../../api/useGraphApi';
import { SelectionSeries } from '../../components/charts/SelectionSeries';
import { ExportMenu } from '../../components/ExportMenu';
import { FavoriteButton } from '../../components/FavoriteButton';
import { Section } from '../../components/layout/Section';
import { RemoteStates } from '../../components/RemoteStates';
import { FlameGraphPanel } from '../../flame/FlameGraphPanel';
import { frameOf, truncationNote } from '../../flame/frames';
import { ExactFunctionTable } from '../../flame/FunctionTable';
import { MaxNodesControl } from '../../flame/MaxNodesControl';
import { SandwichPanel } from '../../flame/SandwichPanel';
import { usePlatform } from '../../platform/Platform';
import { absoluteRange, resolveRange } from '../../state/timeRange';
import { useRemote } from '../../state/useRemote';
import { useUserSettings } from '../../state/useUserSettings';
import { selectorOf, type ViewProps } from '../../state/viewState';

/**
 * Flame graph view: the selection's total over time (drag to zoom), the flame graph with its top
 * table, sandwich and search, the share folded into `other` with the node limit, and the backend's
 * exact function table below.
 */
export function FlameGraphPage({ state, navigate }: ViewProps) {
  const { PageFrame } = usePlatform();
  if (!state.profileType) {
    return (
      <PageFrame>
        <EmptyState variant="call-to-action" message="Choose a profile type">
          The flame graph shows one profile type of one selection. Pick a service and a profile type first.
        </EmptyState>
      </PageFrame>
    );
  }
  let range;
  try {
    range = resolveRange(state.range);
  } catch (error) {
    return (
      <PageFrame>
        <Alert severity="error" title="The time range cannot be read">
          {error instanceof Error ? error.message : String(error)}
        </Alert>
      </PageFrame>
    );
  }
  const selection: Selection = {
    datasource: state.datasource,
    profileType: state.profileType,
    selector: selectorOf(state.service, state.filters),
    from: range.from,
    to: range.to,
  };
  return (
    <PageFrame>
      <FlameGraphView selection={selection} service={state.service} maxNodes={state.maxNodes} navigate={navigate} />
    </PageFrame>
  );
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
  const api = useGraphApi();
  const { settings, settled } = useUserSettings();
  const maxNodes = requestedMaxNodes ?? settings?.maxNodes;
  const canvasHost = React.useRef<HTMLDivElement>(null);
  const [sandwich, setSandwich] = React.useState<string | undefined>(undefined);
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

  const favorite = { view: 'flame-graph' as const, profileType, service, selector, datasource };
  const fileStem = `${service ?? 'selection'}_${profileType.split(':')[0]}_${from}_${to}`;

  return (
    <Stack direction="column" gap={0}>
      <Section title={`${service ?? 'All services'} · ${profileType}`} actions={<FavoriteButton {...favorite} />}>
        <SelectionSeries
          selection={selection}
          ariaLabel="Selection over time"
          onSelectRange={(a, b) => navigate({ range: absoluteRange(a, b) })}
        />
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
        <RemoteStates
          state={graph}
          reload={reload}
          isEmpty={(d) => d.answer.flamegraph.total === 0}
          loadingText="Loading flame graph…"
          emptyMessage="No profiles of this type in this selection and range"
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
                />
              </div>
            );
          }}
        </RemoteStates>
      </Section>
      {sandwich && (
        <Section title="Sandwich (exact)">
          <SandwichPanel selection={selection} fn={sandwich} maxNodes={maxNodes} onClose={() => setSandwich(undefined)} />
        </Section>
      )}
      {graph.phase === 'ready' && graph.data.answer.flamegraph.total > 0 && (
        <Section title="Functions (exact, from all stacks)">
          <ExactFunctionTable table={graph.data.answer.functions} unit={graph.data.answer.profileType.unit} onSandwich={setSandwich} />
        </Section>
      )}
    </Stack>
  );
}
