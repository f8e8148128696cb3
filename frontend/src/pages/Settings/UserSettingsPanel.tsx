import { Alert, Button, Field, Input, LoadingPlaceholder, Stack, Switch } from '@grafana/ui';
import React from 'react';

import { useApi } from '../../api/useApi';
import { RemoteError } from '../../components/RemoteContent';
import { parseMaxNodesInput } from '../../flame/MaxNodesControl';
import { describeError } from '../../state/remote';
import { useRemote } from '../../state/useRemote';
import type { UserSettings } from '../../api/wire';

/**
 * The signed-in user's own settings (GET/PUT settings): flame-graph node limit, collapsed frames, and
 * where function details link each source line (a URL template and the label giving its version).
 */
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
  const [linkTemplate, setLinkTemplate] = React.useState(initial.sourceLinkTemplate ?? '');
  const [versionLabel, setVersionLabel] = React.useState(initial.sourceLinkVersionLabel ?? '');
  const [status, setStatus] = React.useState<{ ok: boolean; text: string } | undefined>(undefined);
  const parsed = parseMaxNodesInput(maxNodes);
  const save = async () => {
    if (typeof parsed !== 'number') {
      return;
    }
    try {
      const stored = await onSave({
        ...initial,
        maxNodes: parsed,
        collapsedFrames: collapsed,
        // Empty is "none" to the route; null says so plainly.
        sourceLinkTemplate: linkTemplate.trim() === '' ? null : linkTemplate.trim(),
        sourceLinkVersionLabel: versionLabel.trim() === '' ? null : versionLabel.trim(),
      });
      setMaxNodes(String(stored.maxNodes));
      setCollapsed(stored.collapsedFrames);
      setLinkTemplate(stored.sourceLinkTemplate ?? '');
      setVersionLabel(stored.sourceLinkVersionLabel ?? '');
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
      <Field
        label="Source link template"
        description="Links each line in a function's details to its source: {file}, {line}, {function} and {version} are filled in, e.g. https://github.com/org/repo/blob/{version}/{file}#L{line}"
      >
        <Input
          width={80}
          aria-label="Source link template"
          placeholder="https://github.com/org/repo/blob/{version}/{file}#L{line}"
          value={linkTemplate}
          onChange={(e) => setLinkTemplate(e.currentTarget.value)}
        />
      </Field>
      <Field label="Version label" description="The label whose value fills {version} (a line gets a link when the selection has exactly one value of it)">
        <Input width={30} aria-label="Version label" placeholder="version" value={versionLabel} onChange={(e) => setVersionLabel(e.currentTarget.value)} />
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
