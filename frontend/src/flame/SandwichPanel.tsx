import { Button, Stack, Text } from '@grafana/ui';
import React from 'react';

import type { Selection } from '../api/client';
import { useApi } from '../api/useApi';
import { formatValue } from '../components/format';
import { RemoteContent } from '../components/RemoteContent';
import { useRemote } from '../state/useRemote';
import { FlameGraphPanel } from './FlameGraphPanel';
import { frameOf } from './frames';
import { TruncationNote } from './TruncationNote';

/** The backend's exact sandwich of one function (GET sandwich): its callers (inverted) and its callees. */
export function SandwichPanel({ selection, fn, maxNodes, onClose }: { selection: Selection; fn: string; maxNodes?: number; onClose: () => void }) {
  const api = useApi();
  const [state, reload] = useRemote((signal) => api.sandwich(selection, fn, maxNodes, signal), [api, selection, fn, maxNodes]);
  return (
    <section aria-label={`Sandwich of ${fn}`}>
      <Stack direction="row" justifyContent="space-between" alignItems="center">
        <h3>
          Sandwich: <code>{fn}</code>
        </h3>
        <Button variant="secondary" size="sm" icon="times" onClick={onClose}>
          Close sandwich
        </Button>
      </Stack>
      <RemoteContent
        remote={state}
        retry={reload}
        isEmpty={(d) => d.total === 0}
        loadingText="Loading sandwich…"
        empty="The function has no samples in this selection"
        emptyHint="Pick another function in the table, or widen the time range."
      >
        {(data) => (
          <Stack direction="column" gap={2}>
            <Text color="secondary">
              Self {formatValue(data.self, data.profileType.unit)} · total {formatValue(data.total, data.profileType.unit)}
            </Text>
            <h4>Callers</h4>
            <TruncationNote fraction={data.callers.truncatedFraction} maxNodes={maxNodes ?? data.callers.level.length} />
            <FlameGraphPanel frame={frameOf(data.callers, data.profileType.unit)} flameGraphOnly />
            <h4>Callees</h4>
            <TruncationNote fraction={data.callees.truncatedFraction} maxNodes={maxNodes ?? data.callees.level.length} />
            <FlameGraphPanel frame={frameOf(data.callees, data.profileType.unit)} flameGraphOnly />
          </Stack>
        )}
      </RemoteContent>
    </section>
  );
}
