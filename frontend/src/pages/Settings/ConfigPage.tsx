import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, IconButton, Input, RadioButtonGroup, SecretInput, Stack, Switch, useStyles2 } from '@grafana/ui';
import React from 'react';
import { lastValueFrom } from 'rxjs';

import { APP_PLUGIN_ID } from '../../api/paths';
import { describeError } from '../../state/remote';
import { secretKey, settingsUpdate, validateSources, type AppJsonData, type SecretEdits, type SecretName, type SourceConfig } from './configModel';
import { UserSettingsPanel } from './UserSettingsPanel';

export type ConfigPageProps = PluginConfigPageProps<AppPluginMeta<AppJsonData>>;

const DEFAULT_SOURCES: SourceConfig[] = [{ uid: 'embedded', kind: 'embedded', name: 'Embedded store', default: true }];

/**
 * The app's configuration page in Grafana: the profile sources (jsonData.dataSources) with their
 * secrets (secureJsonData `<uid>.bearerToken` / `<uid>.basicAuthPassword`, shown only as set or not),
 * and below it the signed-in user's own settings.
 */
export function ConfigPage({ plugin }: ConfigPageProps) {
  const styles = useStyles2(getStyles);
  const meta = plugin.meta;
  const [sources, setSources] = React.useState<SourceConfig[]>(() => meta.jsonData?.dataSources?.map((s) => ({ ...s })) ?? DEFAULT_SOURCES);
  const [secureFields, setSecureFields] = React.useState<Record<string, boolean>>(() => ({ ...(meta.secureJsonFields ?? {}) }));
  const [edits, setEdits] = React.useState<SecretEdits>({});
  const [status, setStatus] = React.useState<{ ok: boolean; text: string } | undefined>(undefined);
  const problems = validateSources(sources);

  const update = (i: number, patch: Partial<SourceConfig>) =>
    setSources((list) => list.map((s, j) => (j === i ? { ...s, ...patch } : patch.default ? { ...s, default: false } : s)));

  const save = async () => {
    const body = settingsUpdate({ enabled: meta.enabled, pinned: meta.pinned, jsonData: meta.jsonData, secureJsonFields: secureFields }, sources, edits);
    try {
      await lastValueFrom(
        getBackendSrv().fetch({ url: `/api/plugins/${APP_PLUGIN_ID}/settings`, method: 'POST', data: body, showErrorAlert: false, showSuccessAlert: false })
      );
      const next = { ...secureFields };
      for (const [key, value] of Object.entries(body.secureJsonData)) {
        next[key] = value !== '';
      }
      setSecureFields(next);
      setEdits({});
      setStatus({ ok: true, text: 'Saved. The plugin restarts its sources with the new settings.' });
    } catch (e) {
      const info = describeError(e);
      const data = (e as { data?: { message?: string } }).data;
      setStatus({ ok: false, text: data?.message ?? info.message });
    }
  };

  const secretField = (s: SourceConfig, name: SecretName, label: string) => {
    const key = secretKey(s.uid, name);
    return (
      <Field label={label} key={key}>
        <SecretInput
          width={40}
          aria-label={`${s.uid} ${label}`}
          isConfigured={Boolean(secureFields[key]) && edits[key] === undefined}
          value={edits[key] ?? ''}
          onChange={(e) => setEdits({ ...edits, [key]: e.currentTarget.value })}
          onReset={() => {
            setSecureFields({ ...secureFields, [key]: false });
            setEdits({ ...edits, [key]: '' });
          }}
        />
      </Field>
    );
  };

  return (
    <Stack direction="column" gap={3}>
      <section aria-label="Profile sources">
        <h3>Profile sources</h3>
        <Stack direction="column" gap={2}>
          {sources.map((s, i) => (
            <div key={i} className={styles.source} aria-label={`Source ${i + 1}`}>
              <Stack direction="row" justifyContent="space-between">
                <RadioButtonGroup<SourceConfig['kind']>
                  options={[
                    { label: 'Embedded store', value: 'embedded' },
                    { label: 'Pyroscope', value: 'pyroscope' },
                  ]}
                  value={s.kind}
                  onChange={(kind) => update(i, { kind })}
                />
                <IconButton name="trash-alt" aria-label={`Remove source ${i + 1}`} onClick={() => setSources(sources.filter((_, j) => j !== i))} />
              </Stack>
              <Stack direction="row" gap={2} wrap="wrap">
                <Field label="Name">
                  <Input width={30} aria-label={`Source ${i + 1} name`} value={s.name ?? ''} onChange={(e) => update(i, { name: e.currentTarget.value })} />
                </Field>
                <Field label="UID" description="Stable id; secrets are stored under it">
                  <Input width={24} aria-label={`Source ${i + 1} uid`} value={s.uid} onChange={(e) => update(i, { uid: e.currentTarget.value })} />
                </Field>
                <Field label="Default">
                  <Switch aria-label={`Source ${i + 1} default`} value={Boolean(s.default)} onChange={(e) => update(i, { default: e.currentTarget.checked })} />
                </Field>
              </Stack>
              {s.kind === 'pyroscope' && (
                <Stack direction="row" gap={2} wrap="wrap">
                  <Field label="URL">
                    <Input
                      width={40}
                      aria-label={`Source ${i + 1} URL`}
                      placeholder="https://profiles-prod.grafana.net"
                      value={s.url ?? ''}
                      onChange={(e) => update(i, { url: e.currentTarget.value })}
                    />
                  </Field>
                  <Field label="Tenant" description="Sent as X-Scope-OrgID">
                    <Input
                      width={20}
                      aria-label={`Source ${i + 1} tenant`}
                      value={s.tenant ?? ''}
                      onChange={(e) => update(i, { tenant: e.currentTarget.value })}
                    />
                  </Field>
                  <Field label="Timeout (s)">
                    <Input
                      width={10}
                      type="number"
                      aria-label={`Source ${i + 1} timeout`}
                      value={s.timeoutSeconds ?? ''}
                      onChange={(e) => update(i, { timeoutSeconds: e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value) })}
                    />
                  </Field>
                  <Field label="Basic auth user">
                    <Input
                      width={20}
                      aria-label={`Source ${i + 1} basic auth user`}
                      value={s.basicAuthUser ?? ''}
                      onChange={(e) => update(i, { basicAuthUser: e.currentTarget.value })}
                    />
                  </Field>
                  {secretField(s, 'basicAuthPassword', 'Basic auth password')}
                  {secretField(s, 'bearerToken', 'Bearer token')}
                </Stack>
              )}
            </div>
          ))}
          <Stack direction="row" gap={1}>
            <Button
              variant="secondary"
              icon="plus"
              onClick={() => setSources([...sources, { uid: `pyroscope-${sources.length + 1}`, kind: 'pyroscope', name: '' }])}
            >
              Add source
            </Button>
            <Button onClick={save} disabled={problems.length > 0}>
              Save sources
            </Button>
          </Stack>
          {problems.length > 0 && (
            <Alert severity="error" title="Fix these before saving">
              <ul>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </Alert>
          )}
          {status && (
            <Alert severity={status.ok ? 'success' : 'error'} title={status.ok ? 'Saved' : 'Saving failed'}>
              {status.text}
            </Alert>
          )}
        </Stack>
      </section>
      <section aria-label="Your settings">
        <h3>Your settings</h3>
        <UserSettingsPanel />
      </section>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  source: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
  }),
});
