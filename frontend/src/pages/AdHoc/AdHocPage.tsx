import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, EmptyState, LoadingPlaceholder, RadioButtonGroup, Select, Stack, Text, useStyles2 } from '@grafana/ui';
import React from 'react';

import { useApi } from '../../api/useApi';
import { Section } from '../../components/layout/Section';
import { RemoteContent, RemoteError } from '../../components/RemoteContent';
import { FlameGraphPanel } from '../../flame/FlameGraphPanel';
import { frameOf } from '../../flame/frames';
import { TruncationNote } from '../../flame/TruncationNote';
import { DiffFunctionTableView, ExactFunctionTable } from '../../flame/FunctionTable';
import { describeError, type ErrorInfo } from '../../state/remote';
import { useRemote } from '../../state/useRemote';
import { useUserSettings } from '../../state/useUserSettings';
import type { ViewProps } from '../../state/viewState';
import type { AdhocProfile } from '../../api/wire';

/**
 * The type to show first: the last one listed, which for a pprof is its last sample type (the one
 * `go tool pprof` and the command line pick when the file names no default), e.g. cpu over samples.
 */
export function firstType(profile: AdhocProfile): string | undefined {
  return profile.profileTypes.at(-1)?.id;
}

interface Pick {
  id: string;
  profileType: string;
}

/**
 * Ad hoc profiles: upload a pprof (gzipped or not) or folded file, see its flame graph per profile
 * type, or pick two uploads and compare them. Uploads are kept by the backend for 24 hours.
 */
export function AdHocPage(_props: ViewProps) {
  const api = useApi();
  const [list, reloadList] = useRemote((signal) => api.listAdhoc(signal), [api]);
  const [uploading, setUploading] = React.useState<string | undefined>(undefined);
  const [uploadError, setUploadError] = React.useState<ErrorInfo | undefined>(undefined);
  const [mode, setMode] = React.useState<'single' | 'diff'>('single');
  const [single, setSingle] = React.useState<Pick | undefined>(undefined);
  const [baseline, setBaseline] = React.useState<Pick | undefined>(undefined);
  const [comparison, setComparison] = React.useState<Pick | undefined>(undefined);

  const upload = async (file: File) => {
    setUploading(file.name);
    setUploadError(undefined);
    try {
      const stored = await api.uploadAdhoc(file.name, file);
      const first = firstType(stored);
      if (first) {
        setSingle({ id: stored.id, profileType: first });
        setMode('single');
      }
      reloadList();
    } catch (e) {
      setUploadError(describeError(e));
    } finally {
      setUploading(undefined);
    }
  };

  const profiles = list.phase === 'ready' ? list.data : [];
  return (
    <>
      <Section title="Upload a profile">
        <DropZone onFile={upload} busy={uploading} />
        {uploadError && <RemoteError error={uploadError} onRetry={() => setUploadError(undefined)} />}
      </Section>
      <Section
        title="Uploaded profiles"
        actions={
          <RadioButtonGroup
            size="sm"
            options={[
              { label: 'Flame graph', value: 'single' },
              { label: 'Compare two', value: 'diff' },
            ]}
            value={mode}
            onChange={setMode}
          />
        }
      >
        {list.phase === 'loading' && list.stale === undefined && <LoadingPlaceholder text="Loading uploads…" />}
        {list.phase === 'error' && <RemoteError error={list.error} onRetry={reloadList} />}
        {list.phase !== 'error' && profiles.length === 0 && list.phase === 'ready' && (
          <EmptyState variant="call-to-action" message="No uploaded profiles">
            Drop a pprof or folded file above; it stays available here for 24 hours.
          </EmptyState>
        )}
        {profiles.length > 0 && mode === 'single' && <ProfilePicker label="Profile" profiles={profiles} value={single} onChange={setSingle} />}
        {profiles.length > 0 && mode === 'diff' && (
          <Stack direction="column" gap={1}>
            <ProfilePicker label="Baseline" profiles={profiles} value={baseline} onChange={setBaseline} />
            <ProfilePicker label="Comparison" profiles={profiles} value={comparison} onChange={setComparison} />
          </Stack>
        )}
      </Section>
      {mode === 'single' && single && <AdhocFlameGraph pick={single} />}
      {mode === 'diff' && baseline && comparison && <AdhocDiff baseline={baseline} comparison={comparison} />}
    </>
  );
}

function DropZone({ onFile, busy }: { onFile: (file: File) => void; busy?: string }) {
  const styles = useStyles2(getStyles);
  const input = React.useRef<HTMLInputElement>(null);
  const [over, setOver] = React.useState(false);
  return (
    <div
      className={cx(styles.drop, over && styles.dropOver)}
      data-testid="adhoc-drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const file = e.dataTransfer.files[0];
        if (file) {
          onFile(file);
        }
      }}
    >
      {busy ? (
        <LoadingPlaceholder text={`Uploading ${busy}…`} />
      ) : (
        <Stack direction="column" alignItems="center" gap={1}>
          <Text>Drop a pprof (.pb, .pb.gz) or folded stacks file here</Text>
          <Button variant="secondary" icon="upload" onClick={() => input.current?.click()}>
            Choose a file
          </Button>
        </Stack>
      )}
      <input
        ref={input}
        type="file"
        aria-label="Upload a profile file"
        className={styles.hidden}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) {
            onFile(file);
          }
          e.currentTarget.value = '';
        }}
      />
    </div>
  );
}

function ProfilePicker({ label, profiles, value, onChange }: { label: string; profiles: AdhocProfile[]; value?: Pick; onChange: (pick: Pick) => void }) {
  const chosen = profiles.find((p) => p.id === value?.id);
  return (
    <Stack direction="row" gap={1} alignItems="center">
      <Text>{label}</Text>
      <Select
        width={40}
        aria-label={`${label} file`}
        options={profiles.map((p) => ({ label: p.name, value: p.id, description: `kept until ${new Date(p.expiresAtMs).toLocaleString()}` }))}
        value={value?.id ?? null}
        onChange={(v) => {
          const p = profiles.find((x) => x.id === v.value);
          const type = p && firstType(p);
          if (p && type) {
            onChange({ id: p.id, profileType: type });
          }
        }}
      />
      <Select
        width={48}
        aria-label={`${label} profile type`}
        disabled={!chosen}
        options={(chosen?.profileTypes ?? []).map((t) => ({ label: t.label, value: t.id, description: t.id }))}
        value={value?.profileType ?? null}
        onChange={(v) => value && v.value && onChange({ id: value.id, profileType: v.value })}
      />
    </Stack>
  );
}

/** Waits for the user's settings (never settles while they load), so the graph is asked for once with their node limit. */
function useSettledMaxNodes(): { maxNodes: number | undefined; settled: boolean; collapsing: boolean } {
  const { settings, settled } = useUserSettings();
  return { maxNodes: settings?.maxNodes, settled, collapsing: settings?.collapsedFrames ?? true };
}

const never = () => new Promise<never>(() => {});

function AdhocFlameGraph({ pick }: { pick: Pick }) {
  const api = useApi();
  const { maxNodes, settled, collapsing } = useSettledMaxNodes();
  const [state, reload] = useRemote(
    async (signal) => (settled ? { answer: await api.adhocFlameGraph(pick.id, pick.profileType, maxNodes, signal), receivedAt: performance.now() } : never()),
    [api, pick.id, pick.profileType, maxNodes, settled]
  );
  return (
    <>
      <Section title="Flame graph">
        <RemoteContent
          remote={state}
          retry={reload}
          isEmpty={(d) => d.answer.flamegraph.total === 0}
          loadingText="Loading flame graph…"
          empty="This profile type has no samples"
          emptyHint="Pick another profile type of this upload."
        >
          {({ answer, receivedAt }) => (
            <>
              <TruncationNote fraction={answer.flamegraph.truncatedFraction} maxNodes={maxNodes ?? answer.flamegraph.level.length} />
              <FlameGraphPanel frame={frameOf(answer.flamegraph, answer.profileType.unit)} receivedAt={receivedAt} collapsing={collapsing} />
            </>
          )}
        </RemoteContent>
      </Section>
      {state.phase === 'ready' && state.data.answer.flamegraph.total > 0 && (
        <Section title="Functions (exact)">
          <ExactFunctionTable table={state.data.answer.functions} unit={state.data.answer.profileType.unit} />
        </Section>
      )}
    </>
  );
}

function AdhocDiff({ baseline, comparison }: { baseline: Pick; comparison: Pick }) {
  const api = useApi();
  const { maxNodes, settled, collapsing } = useSettledMaxNodes();
  const [state, reload] = useRemote(
    async (signal) => (settled ? { answer: await api.adhocDiff(baseline, comparison, maxNodes, signal), receivedAt: performance.now() } : never()),
    [api, baseline.id, baseline.profileType, comparison.id, comparison.profileType, maxNodes, settled]
  );
  return (
    <>
      <Section title="Diff flame graph">
        <RemoteContent
          remote={state}
          retry={reload}
          isEmpty={(d) => d.answer.flamegraph.leftTotal === 0 && d.answer.flamegraph.rightTotal === 0}
          loadingText="Comparing…"
          empty="Neither profile has samples of this type"
          emptyHint="Pick a profile type both uploads have."
        >
          {({ answer, receivedAt }) => (
            <FlameGraphPanel frame={frameOf(answer.flamegraph, answer.profileType.unit)} receivedAt={receivedAt} collapsing={collapsing} />
          )}
        </RemoteContent>
      </Section>
      {state.phase === 'ready' && (
        <Section title="Functions (exact, both sides)">
          <DiffFunctionTableView table={state.data.answer.functions} unit={state.data.answer.profileType.unit} />
        </Section>
      )}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  drop: css({
    border: `2px dashed ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(3),
    display: 'flex',
    justifyContent: 'center',
  }),
  dropOver: css({ borderColor: theme.colors.primary.border, background: theme.colors.primary.transparent }),
  hidden: css({ display: 'none' }),
});
