import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, EmptyState, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import React from 'react';

import { RemoteError } from '../../components/RemoteContent';
import { getTableStyles } from '../../components/tableStyles';
import { usePlatform } from '../../platform/Platform';
import { dataOf, viewOf } from '../../state/remote';
import { useRemote } from '../../state/useRemote';
import type { HealthResponse } from '../../api/wire';
import { kindLabel } from './DataSourcesPanel';

export function healthSummary(health: HealthResponse): string {
  const failing = health.sources.filter((s) => s.status !== 'ok').length;
  if (health.status === 'ok' && failing === 0) {
    return health.sources.length === 1 ? 'The source is healthy' : `All ${health.sources.length} sources are healthy`;
  }
  return failing === 0 ? 'The backend reports a problem' : `${failing} of ${health.sources.length} sources failing`;
}

/** The result of checking every source, from GET resources/health. */
export function HealthPanel() {
  const { api } = usePlatform();
  const [state, reload] = useRemote((signal) => api.health(signal), [api]);
  const styles = useStyles2(getStyles);
  const view = viewOf(state, (data) => data.sources.length === 0);
  const health = dataOf(state);

  return (
    <Stack direction="column" gap={2}>
      <div className={styles.toolbar}>
        {health && view !== 'error' && (
          <Badge
            color={health.status === 'ok' ? 'green' : 'red'}
            icon={health.status === 'ok' ? 'check' : 'exclamation-triangle'}
            text={healthSummary(health)}
          />
        )}
        <Button size="sm" variant="secondary" icon="sync" onClick={reload} disabled={state.phase === 'loading'}>
          Check again
        </Button>
      </div>
      {view === 'loading' && <LoadingPlaceholder text="Checking sources…" />}
      {view === 'error' && state.phase === 'error' && <RemoteError error={state.error} onRetry={reload} />}
      {view === 'empty' && <EmptyState variant="not-found" message="No sources to check" hideImage />}
      {view === 'ready' && health && <HealthTable health={health} />}
    </Stack>
  );
}

function HealthTable({ health }: { health: HealthResponse }) {
  const styles = useStyles2(getTableStyles);
  return (
    <table className={styles.table} aria-label="Source health">
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">Kind</th>
          <th scope="col">Status</th>
          <th scope="col">Message</th>
        </tr>
      </thead>
      <tbody>
        {health.sources.map((s) => (
          <tr key={s.uid}>
            <td>{s.name}</td>
            <td>{kindLabel(s.kind)}</td>
            <td>
              <Badge color={s.status === 'ok' ? 'green' : 'red'} text={s.status === 'ok' ? 'OK' : 'Error'} />
            </td>
            <td>{s.message || <span className={styles.muted}>—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  toolbar: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
    minHeight: theme.spacing(4),
  }),
});
