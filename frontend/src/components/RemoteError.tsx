import { Alert, Button, Stack } from '@grafana/ui';
import React from 'react';

import type { ErrorInfo } from '../state/remote';

/** The in-place error state every panel uses: what failed, the server's reason, and a retry. */
export function RemoteError({ error, onRetry }: { error: ErrorInfo; onRetry: () => void }) {
  return (
    <Alert severity="error" title={error.title}>
      <Stack direction="column" gap={1} alignItems="flex-start">
        <div>{error.message}</div>
        <Button size="sm" variant="secondary" icon="sync" onClick={onRetry}>
          Retry
        </Button>
      </Stack>
    </Alert>
  );
}
