import { Alert, Button, Field, Input, LoadingPlaceholder, Stack, Switch } from '@grafana/ui';
import React from 'react';

import { useApi } from '../../api/useApi';
import { RemoteError } from '../../components/RemoteContent';
import { parseMaxNodesInput } from '../../flame/MaxNodesControl';
import { describeError } from '../../state/remote';
import { useRemote } from '../../state/useRemote';
import type { UserSettings } from '../../api/wire';

/** The signed-in user's own settings (GET/PUT settings): flame-graph node limit and collapsed frames. */
export function UserSettingsPanel() {
  const api = useApi();
  const [state, reload] = useRemote((signal) => api.getSettings(signal), [api]);
  if (state.phase === 'error') {
    return <RemoteError error={state.error} onRetry={reload} />;
  }
  if (state.phase !== 'ready') {
    return <LoadingPlaceholder text="Loading your settings…" />;
  }
  return <UserSettingsForm key={state.request} initial={state.data} onSave={(s) => api.putSettings(s)} />;
}

function UserSettingsForm({ initial, onSave }: { initial: UserSettings; onSave: (s: UserSettings) => Promise<UserSettings> }) {
  const [maxNodes, setMaxNodes] = React.useState(String(initial.maxNodes));
  const [collapsed, setCollapsed] = React.useState(initial.collapsedFrames);
  const [status, setStatus] = React.useState<{ ok: boolean; text: string } | undefined>(undefined);
  const parsed = parseMaxNodesInput(maxNodes);
  const save = async () => {
    if (typeof parsed !== 'number') {
      return;
    }
    try {
      const stored = await onSave({ ...initial, maxNodes: parsed, collapsedFrames: collapsed });
      setMaxNodes(String(stored.maxNodes));
      setCollapsed(stored.collapsedFrames);
      setStatus({ ok: true, text: 'Your settings are saved.' });
    } catch (e) {
      setStatus({ ok: false, text: describeError(e).message });
    }
  };
  return (
    <Stack direction="column" gap={1}>
      <Field
        label="Flame graph nodes"
        description="Nodes kept before the rest is folded into 'other' (1 … 1,048,576)"
        invalid={typeof parsed === 'string'}
        error={typeof parsed === 'string' ? parsed : undefined}
      >
        <Input width={16} aria-label="Flame graph nodes" value={maxNodes} onChange={(e) => setMaxNodes(e.currentTarget.value)} />
      </Field>
      <Field label="Collapse similar frames" description="Group runs of frames from the same package into one expandable bar">
        <Switch aria-label="Collapse similar frames" value={collapsed} onChange={(e) => setCollapsed(e.currentTarget.checked)} />
      </Field>
      <div>
        <Button onClick={save} disabled={typeof parsed !== 'number'}>
          Save my settings
        </Button>
      </div>
      {status && (
        <Alert severity={status.ok ? 'success' : 'error'} title={status.ok ? 'Saved' : 'Saving failed'}>
          {status.text}
        </Alert>
      )}
    </Stack>
  );
}
