import { EmptyState, LoadingPlaceholder } from '@grafana/ui';
import React from 'react';

import { dataOf, viewOf, type Remote } from '../state/remote';
import { RemoteError } from './RemoteError';

export interface RemoteContentProps<T> {
  remote: Remote<T>;
  retry: () => void;
  isEmpty: (data: T) => boolean;
  loadingText: string;
  empty: React.ReactNode;
  children: (data: T) => React.ReactNode;
}

/** The loading, error, empty and ready states of one backend call, the same way on every panel. */
export function RemoteContent<T>({ remote, retry, isEmpty, loadingText, empty, children }: RemoteContentProps<T>) {
  switch (viewOf(remote, isEmpty)) {
    case 'loading':
      return <LoadingPlaceholder text={loadingText} />;
    case 'error':
      return remote.phase === 'error' ? <RemoteError error={remote.error} onRetry={retry} /> : null;
    case 'empty':
      return typeof empty === 'string' ? <EmptyState variant="not-found" message={empty} hideImage /> : <>{empty}</>;
    case 'ready':
      return <>{children(dataOf(remote) as T)}</>;
  }
}
