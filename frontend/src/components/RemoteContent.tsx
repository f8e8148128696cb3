import { Alert, Button, EmptyState, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import React from 'react';

import { dataOf, viewOf, type ErrorInfo, type Remote } from '../state/remote';

export interface RemoteContentProps<T> {
  remote: Remote<T>;
  retry: () => void;
  isEmpty: (data: T) => boolean;
  loadingText: string;
  empty: React.ReactNode;
  /** Under a text `empty`: what to do to see data. */
  emptyHint?: string;
  children: (data: T) => React.ReactNode;
}

/** The loading, error, empty and ready states of one backend call, the same way on every panel. */
export function RemoteContent<T>({ remote, retry, isEmpty, loadingText, empty, emptyHint, children }: RemoteContentProps<T>) {
  switch (viewOf(remote, isEmpty)) {
    case 'loading':
      return <LoadingPlaceholder text={loadingText} />;
    case 'error':
      return remote.phase === 'error' ? <RemoteError error={remote.error} onRetry={retry} /> : null;
    case 'empty':
      return typeof empty === 'string' ? (
        <EmptyState variant="not-found" message={empty} hideImage>
          {emptyHint}
        </EmptyState>
      ) : (
        <>{empty}</>
      );
    case 'ready':
      return <>{children(dataOf(remote) as T)}</>;
  }
}

/** The in-place error state: what failed, the server's reason, what to do, and a retry. */
export function RemoteError({ error, onRetry }: { error: ErrorInfo; onRetry: () => void }) {
  return (
    <Alert severity="error" title={error.title}>
      <Stack direction="column" gap={1} alignItems="flex-start">
        <div>{error.message}</div>
        <Text color="secondary">{error.hint}</Text>
        <Button size="sm" variant="secondary" icon="sync" onClick={onRetry}>
          Retry
        </Button>
      </Stack>
    </Alert>
  );
}
