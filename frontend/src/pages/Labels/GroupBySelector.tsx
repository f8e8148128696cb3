import { RadioButtonGroup, Select, Stack } from '@grafana/ui';
import React from 'react';

import { byCardinality } from '../../explore/grouping';
import type { LabelSummary } from '../../api/wire';

/** How many labels get their own button; the rest are in a dropdown (as in Explore Profiles). */
const BUTTONS = 8;

export function GroupBySelector({
  labels,
  value,
  onChange,
}: {
  labels: readonly LabelSummary[];
  value: string | undefined;
  onChange: (label: string | undefined) => void;
}) {
  const sorted = byCardinality(labels);
  const buttons = sorted.slice(0, BUTTONS);
  const rest = sorted.slice(BUTTONS);
  const ALL = '\u0000all';
  return (
    <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
      <span>Group by</span>
      <RadioButtonGroup
        size="sm"
        options={[
          { label: 'All labels', value: ALL },
          ...buttons.map((l) => ({ label: `${l.name} (${l.cardinality})`, value: l.name, ariaLabel: `Group by ${l.name}` })),
        ]}
        value={value !== undefined && buttons.some((b) => b.name === value) ? value : value === undefined ? ALL : undefined}
        onChange={(v) => onChange(v === ALL ? undefined : v)}
      />
      {rest.length > 0 && (
        <Select
          width={28}
          aria-label="Group by another label"
          placeholder={`${rest.length} more labels`}
          options={rest.map((l) => ({ label: `${l.name} (${l.cardinality})`, value: l.name }))}
          value={value !== undefined && rest.some((r) => r.name === value) ? value : null}
          onChange={(o) => onChange(o?.value)}
        />
      )}
    </Stack>
  );
}
