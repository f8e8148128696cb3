import { Alert, Text } from '@grafana/ui';
import React from 'react';

import { truncationNote } from './frames';

/**
 * The share of a graph folded into `other` by the node limit, on every graph: an info box naming
 * the share when something was folded, a quiet line saying the graph is complete otherwise.
 */
export function TruncationNote({ fraction, maxNodes, hint }: { fraction: number; maxNodes: number; hint?: string }) {
  const note = truncationNote(fraction, maxNodes);
  if (!note) {
    return (
      <Text color="secondary" variant="bodySmall" element="p">
        Complete: nothing is folded into &apos;other&apos; (maxNodes {maxNodes}).
      </Text>
    );
  }
  return (
    <Alert severity="info" title="Part of the profile is folded into 'other'">
      {note}.{hint ? ` ${hint}` : ''}
    </Alert>
  );
}
