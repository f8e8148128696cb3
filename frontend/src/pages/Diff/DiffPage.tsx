import { Alert, Button, EmptyState, Stack, Text } from '@grafana/ui';
import React from 'react';

import type { DiffSideSelection } from '../../api/client';
import { useApi } from '../../api/useApi';
import { SelectionSeries } from '../../components/SelectionSeries';
import { FavoriteButton } from '../../components/FavoriteButton';
import { Section } from '../../components/layout/Section';
import { RemoteContent } from '../../components/RemoteContent';
import { FlameGraphPanel } from '../../flame/FlameGraphPanel';
import { FrameFilterControl } from '../../flame/FrameFilterControl';
import { frameOf } from '../../flame/frames';
import { TruncationNote } from '../../flame/TruncationNote';
import { DiffFunctionTableView } from '../../flame/FunctionTable';
import { MaxNodesControl } from '../../flame/MaxNodesControl';
import { absoluteRange, useResolvedRange, type MsRange } from '../../state/timeRange';
import { useRemote } from '../../state/useRemote';
import { frameFilterOfError, type FrameFilters } from '../../state/frameFilters';
import { useFramePresets, useUserSettings } from '../../state/useUserSettings';
import { selectorOf, type DiffSide, type ViewProps, type ViewState } from '../../state/viewState';
import { SideFilters } from './SideEditor';

type SideName = 'baseline' | 'comparison';

/** A side as the URL holds it, or the view's own filters and range while the user has not set one. */
export function sideOf(state: ViewState, name: SideName): DiffSide {
  return state[name] ?? { filters: state.filters, range: state.range };
}

/**
 * Diff view: a baseline and a comparison, each with its own filters and time range (a series per
 * side, drag to choose the range), then the diff flame graph (red grew, green shrank, by share of
 * each side's total) and the diff function table.
 */
export function DiffPage({ state, navigate }: ViewProps) {
  const sides = { baseline: sideOf(state, 'baseline'), comparison: sideOf(state, 'comparison') };
  const resolved = { baseline: useResolvedRange(sides.baseline.range), comparison: useResolvedRange(sides.comparison.range) };
  const profileType = state.profileType;
  if (!profileType) {
    return (
      <EmptyState variant="call-to-action" message="Choose a profile type">
        A comparison shows one profile type for two selections. Pick a service and a profile type first.
      </EmptyState>
    );
  }
  const ranges: Partial<Record<SideName, MsRange>> = {};
  for (const name of ['baseline', 'comparison'] as const) {
    const r = resolved[name];
    if (r.error !== undefined) {
      return (
        <Alert severity="error" title={`The ${name} time range cannot be read`}>
          {r.error}
        </Alert>
      );
    }
    ranges[name] = r.range;
  }
  const selectionOf = (name: SideName): DiffSideSelection => ({
    datasource: state.datasource,
    selector: selectorOf(state.service, sides[name].filters),
    from: ranges[name]!.from,
    to: ranges[name]!.to,
  });
  const setSide = (name: SideName, side: DiffSide) => navigate({ [name]: side });

  return (
    <>
      <Stack direction="row" gap={2} alignItems="flex-start">
        {(['baseline', 'comparison'] as const).map((name) => (
          <div key={name} style={{ flex: 1, minWidth: 0 }}>
            <Section
              title={name === 'baseline' ? 'Baseline' : 'Comparison'}
              actions={
                name === 'comparison' ? (
                  <Button
                    size="sm"
                    variant="secondary"
                    icon="arrows-h"
                    tooltip="Give the comparison the baseline's time range"
                    onClick={() => setSide('comparison', { ...sides.comparison, range: sides.baseline.range })}
                  >
                    Sync ranges
                  </Button>
                ) : undefined
              }
            >
              <Stack direction="column" gap={1}>
                <SideFilters side={sides[name]} name={name} onChange={(side) => setSide(name, side)} />
                <SelectionSeries
                  selection={{ ...selectionOf(name), profileType }}
                  height={120}
                  ariaLabel={`${name} over time`}
                  onSelectRange={(a, b) => setSide(name, { ...sides[name], range: absoluteRange(a, b) })}
                />
                <Text color="secondary" variant="bodySmall">
                  <span data-testid={`${name}-selector`}>{selectionOf(name).selector}</span> · {new Date(ranges[name]!.from).toLocaleString()} –{' '}
                  {new Date(ranges[name]!.to).toLocaleString()}
                </Text>
              </Stack>
            </Section>
          </div>
        ))}
      </Stack>
      <DiffResult
        profileType={profileType}
        baseline={selectionOf('baseline')}
        comparison={selectionOf('comparison')}
        maxNodes={state.maxNodes}
        onMaxNodes={(n) => navigate({ maxNodes: n }, { replace: true })}
        frames={state.frameFilters}
        onFrames={(f) => navigate({ frameFilters: f })}
        favorite={
          <FavoriteButton
            target={{
              view: 'diff',
              profileType,
              service: state.service,
              datasource: state.datasource,
              selector: selectorOf(state.service, state.filters),
              title: `${state.service ?? 'All services'} · diff`,
            }}
          />
        }
      />
    </>
  );
}

function DiffResult({
  profileType,
  baseline,
  comparison,
  maxNodes: requested,
  onMaxNodes,
  frames,
  onFrames,
  favorite,
}: {
  profileType: string;
  baseline: DiffSideSelection;
  comparison: DiffSideSelection;
  maxNodes?: number;
  onMaxNodes: (n: number) => void;
  frames?: FrameFilters;
  onFrames: (f: FrameFilters) => void;
  favorite: React.ReactNode;
}) {
  const api = useApi();
  const { settings, settled, reload: reloadSettings } = useUserSettings();
  const presets = useFramePresets(settings, reloadSettings);
  const maxNodes = requested ?? settings?.maxNodes;
  const [state, reload] = useRemote(
    async (signal) => {
      if (!settled) {
        return new Promise<never>(() => {});
      }
      const answer = await api.diff(profileType, baseline, comparison, maxNodes, signal, frames);
      return { answer, receivedAt: performance.now() };
    },
    [api, profileType, JSON.stringify(baseline), JSON.stringify(comparison), maxNodes, settled, frames]
  );
  const filterError = React.useMemo(() => {
    const field = state.phase === 'error' ? frameFilterOfError(state.error.message) : undefined;
    return field === undefined || state.phase !== 'error' ? undefined : { field, message: state.error.message };
  }, [state]);
  return (
    <>
      <Section
        title="Diff flame graph"
        actions={
          <>
            <MaxNodesControl value={maxNodes} onChange={onMaxNodes} />
            {favorite}
          </>
        }
      >
        <FrameFilterControl value={frames} onApply={onFrames} error={filterError} presets={presets} />
        <RemoteContent
          remote={state}
          retry={reload}
          isEmpty={(d) => d.answer.flamegraph.leftTotal === 0 && d.answer.flamegraph.rightTotal === 0}
          loadingText="Comparing…"
          empty="Neither side has profiles of this type"
          emptyHint="Widen either side's time range, or loosen its filters."
        >
          {({ answer, receivedAt }) => {
            const g = answer.flamegraph;
            return (
              <Stack direction="column" gap={1}>
                {(g.leftTotal === 0 || g.rightTotal === 0) && (
                  <Alert severity="warning" title={`The ${g.leftTotal === 0 ? 'baseline' : 'comparison'} has no profiles`}>
                    A diff needs samples on both sides; widen that side&apos;s range or remove a filter.
                  </Alert>
                )}
                <TruncationNote fraction={g.truncatedFraction} maxNodes={maxNodes ?? g.level.length} />
                <FlameGraphPanel frame={frameOf(g, answer.profileType.unit)} receivedAt={receivedAt} collapsing={settings?.collapsedFrames ?? true} />
              </Stack>
            );
          }}
        </RemoteContent>
      </Section>
      {state.phase === 'ready' && (
        <Section title="Functions (exact, both sides)">
          <DiffFunctionTableView table={state.data.answer.functions} unit={state.data.answer.profileType.unit} />
        </Section>
      )}
    </>
  );
}
