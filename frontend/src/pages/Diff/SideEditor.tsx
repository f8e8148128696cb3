import { Button, IconButton, Input, Select, Stack, Tag } from '@grafana/ui';
import React from 'react';

import type { DiffSide, Filter, FilterOperator } from '../../state/viewState';

const OPERATORS: FilterOperator[] = ['=', '!=', '=~', '!~'];

/** The filters of one side of a comparison: chips to remove, and a row to add `label op "value"`. */
export function SideFilters({ side, name, onChange }: { side: DiffSide; name: string; onChange: (side: DiffSide) => void }) {
  const [label, setLabel] = React.useState('');
  const [op, setOp] = React.useState<FilterOperator>('=');
  const [value, setValue] = React.useState('');
  const valid = /^[a-zA-Z_][a-zA-Z0-9_.]*$/.test(label.trim()) && value !== '';
  const add = () => {
    if (valid) {
      onChange({ ...side, filters: [...side.filters, { label: label.trim(), op, value }] });
      setLabel('');
      setValue('');
    }
  };
  const remove = (f: Filter) => onChange({ ...side, filters: side.filters.filter((x) => x !== f) });
  return (
    <Stack direction="column" gap={1}>
      <Stack direction="row" gap={1} wrap="wrap" alignItems="center">
        {side.filters.length === 0 && <span>No filters: the whole service.</span>}
        {side.filters.map((f, i) => (
          <Stack key={i} direction="row" gap={0} alignItems="center">
            <Tag name={`${f.label}${f.op}"${f.value}"`} />
            <IconButton name="times" size="sm" aria-label={`Remove ${name} filter ${f.label}${f.op}${f.value}`} onClick={() => remove(f)} />
          </Stack>
        ))}
      </Stack>
      <Stack direction="row" gap={1} alignItems="center">
        <Input width={16} placeholder="label" aria-label={`${name} filter label`} value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
        <Select<FilterOperator>
          width={8}
          aria-label={`${name} filter operator`}
          options={OPERATORS.map((o) => ({ label: o, value: o }))}
          value={op}
          onChange={(v) => v.value && setOp(v.value)}
        />
        <Input
          width={20}
          placeholder="value"
          aria-label={`${name} filter value`}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && add()}
        />
        <Button variant="secondary" icon="plus" onClick={add} disabled={!valid} aria-label={`Add ${name} filter`}>
          Add
        </Button>
      </Stack>
    </Stack>
  );
}
