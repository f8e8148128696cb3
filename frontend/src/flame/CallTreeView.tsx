import React from 'react';

import type { Selection } from '../api/client';
import { useApi } from '../api/useApi';
import { RemoteContent } from '../components/RemoteContent';
import { useRemote } from '../state/useRemote';
import { CallTreeTable } from './CallTreeTable';
import { TruncationNote } from './TruncationNote';

/** The selection's call tree from GET call-tree (exact, from the stacks, truncated to `maxNodes`). */
export function CallTreeView({
  selection,
  direction,
  maxNodes,
  onDetails,
}: {
  selection: Selection;
  direction: 'top-down' | 'bottom-up';
  maxNodes?: number;
  onDetails?: (fn: string) => void;
}) {
  const api = useApi();
  // The direction travels with its answer: while the other direction loads, the table on screen
  // still says what it shows.
  const [state, reload] = useRemote(
    async (signal) => ({ tree: await api.callTree(selection, direction, maxNodes, signal), direction }),
    [api, selection, direction, maxNodes]
  );
  return (
    <RemoteContent
      remote={state}
      retry={reload}
      isEmpty={(d) => d.tree.total === 0}
      loadingText="Loading call tree…"
      empty="No profiles of this type in this selection and range"
      emptyHint="Widen the time range in the toolbar, or loosen the frame filters."
    >
      {({ tree, direction: shown }) => (
        <>
          <TruncationNote
            fraction={tree.total > 0 ? tree.truncated / tree.total : 0}
            maxNodes={maxNodes ?? tree.nodes.length}
            hint="Raise max nodes to see more of it."
          />
          <CallTreeTable tree={tree} direction={shown} onDetails={onDetails} />
        </>
      )}
    </RemoteContent>
  );
}
