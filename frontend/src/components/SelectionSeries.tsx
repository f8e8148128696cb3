import React from 'react';

import type { Selection } from '../api/client';
import { useApi } from '../api/useApi';
import { useRemote } from '../state/useRemote';
import { RemoteContent } from './RemoteContent';
import { TimeSeriesChart } from './TimeSeriesChart';

/** The selection's total over time (GET series), with drag-to-select when `onSelectRange` is given. */
export function SelectionSeries({
  selection,
  groupBy,
  limit,
  height,
  onSelectRange,
  ariaLabel,
}: {
  selection: Selection;
  groupBy?: string;
  limit?: number;
  height?: number;
  onSelectRange?: (from: number, to: number) => void;
  ariaLabel: string;
}) {
  const api = useApi();
  const { datasource, profileType, selector, from, to } = selection;
  const [state, reload] = useRemote(
    (signal) => api.series({ datasource, profileType, selector, range: { from, to }, groupBy: groupBy ? [groupBy] : undefined, limit }, signal),
    [api, datasource, profileType, selector, from, to, groupBy, limit]
  );
  const range = React.useMemo(() => ({ from, to }), [from, to]);
  return (
    <RemoteContent
      remote={state}
      retry={reload}
      isEmpty={(d) => d.series.length === 0}
      loadingText="Loading series…"
      empty="No profiles in this range"
      emptyHint="Widen the time range in the toolbar, or remove a filter."
    >
      {(data) => (
        <TimeSeriesChart
          series={data.series.map((s) => ({ timestamps: s.timestamps, values: s.values, name: seriesName(s.labels) }))}
          unit={data.profileType.unit}
          range={range}
          height={height}
          legend={data.series.length > 1}
          onZoom={onSelectRange}
          ariaLabel={ariaLabel}
        />
      )}
    </RemoteContent>
  );
}

/** `{region="eu"}` → `region=eu`; the series without labels is the total. */
export function seriesName(labels: Record<string, string>): string {
  return (
    Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ') || 'total'
  );
}
