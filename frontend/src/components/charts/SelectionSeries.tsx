import React from 'react';

import type { Selection } from '../../api/graphApi';
import { useGraphApi } from '../../api/useGraphApi';
import { useRemote } from '../../state/useRemote';
import { RemoteStates } from '../RemoteStates';
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
  const api = useGraphApi();
  const { datasource, profileType, selector, from, to } = selection;
  const [state, reload] = useRemote(
    (signal) => api.series({ datasource, profileType, selector, from, to, groupBy: groupBy ? [groupBy] : undefined, limit }, signal),
    [api, datasource, profileType, selector, from, to, groupBy, limit]
  );
  return (
    <RemoteStates
      state={state}
      reload={reload}
      isEmpty={(d) => d.series.length === 0}
      loadingText="Loading series…"
      emptyMessage="No profiles in this range"
    >
      {(data) => (
        <TimeSeriesChart
          series={data.series}
          unit={data.profileType.unit}
          from={from}
          to={to}
          height={height}
          onSelectRange={onSelectRange}
          ariaLabel={ariaLabel}
        />
      )}
    </RemoteStates>
  );
}
