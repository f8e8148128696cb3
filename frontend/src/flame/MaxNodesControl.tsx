import { Button, Field, Input, Stack } from '@grafana/ui';
import React from 'react';

import { useDraft } from '../components/useDraft';

export const MAX_NODES_LIMIT = 1_048_576;

/** Reads a maxNodes entry: a whole number in 1 … 1,048,576, or an error naming the bad entry. */
export function parseMaxNodesInput(text: string): number | string {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    return `maxNodes must be a whole number, not ${JSON.stringify(text)}`;
  }
  const n = Number(trimmed);
  return n >= 1 && n <= MAX_NODES_LIMIT ? n : `maxNodes must be between 1 and ${MAX_NODES_LIMIT}, not ${n}`;
}

/** The node limit of the flame graph; applied on Enter or with the button. */
export function MaxNodesControl({ value, onChange }: { value: number | undefined; onChange: (maxNodes: number) => void }) {
  const [text, setText] = useDraft(value === undefined ? '' : String(value));
  const parsed = parseMaxNodesInput(text);
  const apply = () => typeof parsed === 'number' && onChange(parsed);
  return (
    <Stack direction="row" gap={1} alignItems="flex-end">
      <Field label="Max nodes" invalid={text !== '' && typeof parsed === 'string'} error={typeof parsed === 'string' ? parsed : undefined} noMargin>
        <Input
          width={14}
          value={text}
          placeholder="16384"
          aria-label="Max nodes"
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && apply()}
        />
      </Field>
      <Button variant="secondary" size="md" onClick={apply} disabled={typeof parsed !== 'number' || parsed === value}>
        Apply
      </Button>
    </Stack>
  );
}
