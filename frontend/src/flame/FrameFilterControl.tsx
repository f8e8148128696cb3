import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Dropdown, Field, IconButton, Input, Menu, RadioButtonGroup, Stack, Text, useStyles2 } from '@grafana/ui';
import React from 'react';

import { useDraft } from '../components/useDraft';
import {
  BUILTIN_PRESETS,
  FRAME_FILTER_KEYS,
  FRAME_FILTER_LABELS,
  addPreset,
  checkPresetName,
  hasFrameFilters,
  normalizeFrameFilters,
  presetApplied,
  sameFrameFilters,
  type FrameFilterKey,
  type FrameFilters,
  type FramePreset,
  type Granularity,
} from '../state/frameFilters';
import type { FramePresetStore } from '../state/useUserSettings';

const GRANULARITY_OPTIONS: Array<{ label: string; value: Granularity; description: string }> = [
  { label: 'Functions', value: 'functions', description: 'one frame per function (pprof -functions)' },
  { label: 'File + function', value: 'filefunctions', description: 'function and file (pprof -filefunctions)' },
  { label: 'Lines', value: 'lines', description: 'function, file and line (pprof -lines)' },
  { label: 'Files', value: 'files', description: 'one frame per source file (pprof -files)' },
];

export interface FrameFilterError {
  /** The field the server's message names; undefined when it names none of them. */
  field: FrameFilterKey | 'granularity' | 'focusPath' | undefined;
  message: string;
}

export interface FrameFilterControlProps {
  value: FrameFilters | undefined;
  onApply: (filters: FrameFilters) => void;
  /** The server's refusal of the filters in force, shown at the field it names. */
  error?: FrameFilterError | undefined;
  presets: FramePresetStore;
  /** False until the server answers `granularity` (older servers ignore it). */
  granularity?: boolean;
}

/**
 * pprof's frame filters for the flame-graph views: focus / ignore / hide / show as regular
 * expressions, the granularity, built-in presets and the user's own. Edits are drafts until Apply
 * (or Enter); applied filters live in the URL. Presets add their regexes to the drafts' as
 * alternatives and apply at once.
 */
export function FrameFilterControl({ value, onApply, error, presets, granularity = true }: FrameFilterControlProps) {
  const styles = useStyles2(getStyles);
  const applied = React.useMemo(() => normalizeFrameFilters(value ?? {}), [value]);
  const [draft, setDraft] = useDraft<FrameFilters>(applied);
  const [naming, setNaming] = React.useState<string | undefined>(undefined);
  const [status, setStatus] = React.useState<{ ok: boolean; text: string } | undefined>(undefined);
  const dirty = !sameFrameFilters(draft, applied);
  const apply = (filters: FrameFilters) => {
    setStatus(undefined);
    onApply(normalizeFrameFilters(filters));
  };
  const userPresets = presets.presets ?? [];
  const nameError = naming === undefined ? undefined : checkPresetName(naming, userPresets);

  const savePreset = async () => {
    if (naming === undefined || nameError !== undefined) {
      return;
    }
    try {
      await presets.save({ name: naming.trim(), filters: normalizeFrameFilters(draft) });
      setStatus({ ok: true, text: `Preset "${naming.trim()}" saved` });
      setNaming(undefined);
    } catch (e) {
      setStatus({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };
  const removePreset = async (preset: FramePreset) => {
    try {
      await presets.remove(preset.name);
      setStatus({ ok: true, text: `Preset "${preset.name}" removed` });
    } catch (e) {
      setStatus({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };

  const presetItem = (preset: FramePreset, own: boolean) => {
    const on = presetApplied(applied, preset.filters);
    return (
      <Menu.Item
        key={`${own ? 'user' : 'builtin'}:${preset.name}`}
        label={preset.name}
        icon={on ? 'check' : undefined}
        description={describeFilters(preset.filters)}
        onClick={() => apply(addPreset(draft, preset.filters))}
      />
    );
  };
  const menu = (
    <Menu>
      <Menu.Group label="Built in">{BUILTIN_PRESETS.map((p) => presetItem(p, false))}</Menu.Group>
      {userPresets.length > 0 && <Menu.Group label="Yours">{userPresets.map((p) => presetItem(p, true))}</Menu.Group>}
    </Menu>
  );

  return (
    <div className={styles.control} role="group" aria-label="Frame filters">
      <Stack direction="row" gap={1} alignItems="flex-start" wrap="wrap">
        <Dropdown overlay={menu} placement="bottom-start">
          <Button variant="secondary" icon="filter" aria-label="Filter presets" className={styles.presetButton}>
            Presets
          </Button>
        </Dropdown>
        {FRAME_FILTER_KEYS.map((key) => (
          <Field
            key={key}
            label={FRAME_FILTER_LABELS[key].label}
            description={FRAME_FILTER_LABELS[key].description}
            invalid={error?.field === key}
            error={error?.field === key ? error.message : undefined}
            className={styles.field}
            noMargin
          >
            <Input
              aria-label={`${FRAME_FILTER_LABELS[key].label} regex`}
              className={styles.mono}
              placeholder="regex"
              value={draft[key] ?? ''}
              onChange={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}
              onKeyDown={(e) => e.key === 'Enter' && apply(draft)}
            />
          </Field>
        ))}
        {granularity && (
          <Field
            label="Granularity"
            description="what one frame is"
            invalid={error?.field === 'granularity'}
            error={error?.field === 'granularity' ? error.message : undefined}
            noMargin
          >
            <RadioButtonGroup
              aria-label="Granularity"
              options={GRANULARITY_OPTIONS}
              value={draft.granularity ?? 'functions'}
              onChange={(g) => apply({ ...draft, granularity: g })}
            />
          </Field>
        )}
      </Stack>
      <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
        <Button size="sm" onClick={() => apply(draft)} disabled={!dirty}>
          Apply filters
        </Button>
        <Button size="sm" variant="secondary" onClick={() => apply({})} disabled={!hasFrameFilters(applied) && !hasFrameFilters(draft)}>
          Clear filters
        </Button>
        {naming === undefined ? (
          <Button
            size="sm"
            variant="secondary"
            icon="save"
            disabled={!presets.canStore || !hasFrameFilters(draft)}
            tooltip={presets.canStore ? undefined : 'This server does not store filter presets'}
            onClick={() => setNaming('')}
          >
            Save as preset
          </Button>
        ) : (
          <Stack direction="row" gap={1} alignItems="flex-start">
            <Field invalid={naming !== '' && nameError !== undefined} error={naming !== '' ? nameError : undefined} noMargin>
              <Input
                autoFocus
                width={28}
                aria-label="Preset name"
                placeholder="Preset name"
                value={naming}
                onChange={(e) => setNaming(e.currentTarget.value)}
                onKeyDown={(e) => e.key === 'Enter' && savePreset()}
              />
            </Field>
            <Button size="md" onClick={savePreset} disabled={nameError !== undefined}>
              Save preset
            </Button>
            <Button size="md" variant="secondary" onClick={() => setNaming(undefined)}>
              Cancel
            </Button>
          </Stack>
        )}
        {userPresets.map((p) => (
          <span key={p.name} className={styles.chip}>
            <Text variant="bodySmall">{p.name}</Text>
            <IconButton name="times" size="sm" aria-label={`Remove preset ${p.name}`} tooltip={`Remove preset ${p.name}`} onClick={() => removePreset(p)} />
          </span>
        ))}
        {status && (
          <Text color={status.ok ? 'success' : 'error'} variant="bodySmall">
            {status.text}
          </Text>
        )}
      </Stack>
      {error && error.field === undefined && (
        <Alert severity="error" title="The server refused the frame filters">
          {error.message}
        </Alert>
      )}
    </div>
  );
}

/** `hide ^runtime[./] · ignore gopark`: a preset's filters in one line. */
export function describeFilters(filters: FrameFilters): string {
  const f = normalizeFrameFilters(filters);
  const parts: string[] = FRAME_FILTER_KEYS.filter((k) => f[k] !== undefined).map((k) => `${k} ${f[k]}`);
  if (f.granularity) {
    parts.push(`granularity ${f.granularity}`);
  }
  return parts.join(' · ');
}

const getStyles = (theme: GrafanaTheme2) => ({
  control: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), marginBottom: theme.spacing(1) }),
  field: css({ minWidth: theme.spacing(22), flex: '1 1 0' }),
  mono: css({ input: { fontFamily: theme.typography.fontFamilyMonospace } }),
  presetButton: css({ marginTop: theme.spacing(5.5) }),
  chip: css({
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    padding: theme.spacing(0, 0.5, 0, 1),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.pill,
  }),
});
