import { Badge, EmptyState, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import React from 'react';

import { RemoteError } from '../../components/RemoteContent';
import { getTableStyles } from '../../components/tableStyles';
import { usePlatform } from '../../platform/Platform';
import { dataOf, viewOf } from '../../state/remote';
import { useRemote } from '../../state/useRemote';
import type { DataSourceInfo } from '../../api/wire';

export function kindLabel(kind: string): string {
  switch (kind) {
    case 'embedded':
      return 'Embedded store';
    case 'pyroscope':
      return 'Pyroscope';
    default:
      return kind;
  }
}

/** The configured profile sources, from GET resources/datasources. */
export function DataSourcesPanel() {
  const { api } = usePlatform();
  const [state, reload] = useRemote((signal) => api.dataSources(signal), [api]);

  switch (viewOf(state, (data) => data.datasources.length === 0)) {
    case 'loading':
      return <LoadingPlaceholder text="Loading data sources…" />;
    case 'error':
      return state.phase === 'error' ? <RemoteError error={state.error} onRetry={reload} /> : null;
    case 'empty':
      return (
        <EmptyState variant="call-to-action" message="No data sources configured">
          Hotpath reads profiles from its embedded store or from Pyroscope servers listed in the app&apos;s configuration. Add one there, or start the
          standalone server with a data directory.
        </EmptyState>
      );
    case 'ready':
      return <DataSourcesTable datasources={dataOf(state)?.datasources ?? []} />;
  }
}

function DataSourcesTable({ datasources }: { datasources: DataSourceInfo[] }) {
  const styles = useStyles2(getTableStyles);
  return (
    <table className={styles.table} aria-label="Data sources">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Kind</th>
          <th scope="col">URL</th>
          <th scope="col">Tenant</th>
          <th scope="col">UID</th>
        </tr>
      </thead>
      <tbody>
        {datasources.map((ds) => (
          <tr key={ds.uid}>
            <td>
              <Stack direction="row" gap={1} alignItems="center">
                <span>{ds.name}</span>
                {ds.default && <Badge color="blue" text="default" />}
              </Stack>
            </td>
            <td>{kindLabel(ds.kind)}</td>
            <td className={ds.url ? styles.mono : styles.muted}>{ds.url ?? '—'}</td>
            <td className={ds.tenant ? undefined : styles.muted}>{ds.tenant ?? '—'}</td>
            <td className={styles.mono}>{ds.uid}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
