import { EmptyState, LoadingPlaceholder } from '@grafana/ui';
import React from 'react';

import { viewOf, type Remote } from '../state/remote';
import { RemoteError } from './RemoteError';

/**
 * Renders a remote value's loading, error and empty states, and `children(data)` once it is ready
 * (or while a refresh runs over good data).
 */
export function RemoteStates<T>({
  state,
  reload,
  isEmpty,
  loadingText,
  emptyMessage,
  children,
}: {
  state: Remote<T>;
  reload: () => void;
  isEmpty: (data: T) => boolean;
  loadingText: string;
  emptyMessage: string;
  children: (data: T) => React.ReactNode;
}) {
  switch (viewOf(state, isEmpty)) {
    case 'loading':
      return <LoadingPlaceholder text={loadingText} />;
    case 'error':
      return state.phase === 'error' ? <RemoteError error={state.error} onRetry={reload} /> : null;
    case 'empty':
      return <EmptyState variant="not-found" message={emptyMessage} hideImage />;
    case 'ready': {
      const data = state.phase === 'ready' ? state.data : state.phase === 'loading' ? state.stale : undefined;
      return data === undefined ? null : <>{children(data)}</>;
    }
  }
}
