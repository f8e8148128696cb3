import { Icon, Input } from '@grafana/ui';
import React from 'react';

import { useDraft } from './useDraft';

/**
 * The quick filter over panel titles. Typing updates the URL without a history entry per keystroke
 * (replace), so Back still leaves the view in one step.
 */
export function QuickSearch({
  value,
  onChange,
  shown,
  total,
  noun,
}: {
  value: string | undefined;
  onChange: (search: string) => void;
  shown: number;
  total: number;
  noun: string;
}) {
  const [text, setText] = useDraft(value ?? '');
  return (
    <Input
      prefix={<Icon name="search" />}
      placeholder={`Search ${noun}`}
      title="Comma-separated regular expressions; a panel shows when any matches"
      aria-label={`Search ${noun}`}
      value={text}
      width={60}
      onChange={(e) => {
        setText(e.currentTarget.value);
        onChange(e.currentTarget.value);
      }}
      suffix={<span aria-live="polite">{shown === total ? `${total} ${noun}` : `${shown} of ${total} ${noun}`}</span>}
    />
  );
}
