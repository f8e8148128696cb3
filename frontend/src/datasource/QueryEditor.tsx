import type { QueryEditorProps } from '@grafana/data';
import { InlineField, InlineFieldRow, Input, RadioButtonGroup, TagsInput } from '@grafana/ui';
import React from 'react';

import { useDraft } from '../components/useDraft';

import type { DataSource, HotpathDataSourceOptions } from './DataSource';
import { QUERY_TYPES, parseMaxNodes, validateQuery, withDefaults, type HotpathQuery, type QueryType } from './query';

type Props = QueryEditorProps<DataSource, HotpathQuery, HotpathDataSourceOptions>;

const LABEL_WIDTH = 16;

/**
 * Edits the Pyroscope-compatible query. Text fields commit on blur (then the query runs), as in
 * Grafana's own editors, so typing does not fire a query per keystroke.
 */
export function QueryEditor({ query: rawQuery, onChange, onRunQuery }: Props) {
  const query = withDefaults(rawQuery);
  const problems = validateQuery(query);
  const [maxNodesText, setMaxNodesText] = React.useState(query.maxNodes === undefined ? '' : String(query.maxNodes));
  const [maxNodesError, setMaxNodesError] = React.useState<string | undefined>(undefined);

  const commit = (next: HotpathQuery) => {
    onChange(next);
    onRunQuery();
  };

  return (
    <div>
      <InlineFieldRow>
        <InlineField label="Query type" labelWidth={LABEL_WIDTH} tooltip="Time series, flame graph, or both">
          <RadioButtonGroup<QueryType>
            options={QUERY_TYPES.map(({ value, label, description }) => ({ value, label, description }))}
            value={query.queryType}
            onChange={(queryType) => commit({ ...query, queryType })}
            size="md"
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField
          label="Profile type"
          labelWidth={LABEL_WIDTH}
          grow
          invalid={problems.profileTypeId !== undefined}
          error={problems.profileTypeId}
          tooltip="name:sample_type:sample_unit:period_type:period_unit"
        >
          <TextField
            id="hotpath-profile-type"
            value={query.profileTypeId}
            placeholder="process_cpu:cpu:nanoseconds:cpu:nanoseconds"
            onCommit={(profileTypeId) => commit({ ...query, profileTypeId })}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="Label selector" labelWidth={LABEL_WIDTH} grow invalid={problems.labelSelector !== undefined} error={problems.labelSelector}>
          <TextField
            id="hotpath-label-selector"
            value={query.labelSelector}
            placeholder='{service_name="checkout"}'
            onCommit={(labelSelector) => commit({ ...query, labelSelector })}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="Group by" labelWidth={LABEL_WIDTH} tooltip="Labels to split the time series by">
          <TagsInput
            id="hotpath-group-by"
            tags={query.groupBy}
            placeholder="Add a label and press Enter"
            onChange={(groupBy) => commit({ ...query, groupBy })}
          />
        </InlineField>
        <InlineField label="Span selector" labelWidth={LABEL_WIDTH} tooltip="Span ids whose profiles to keep">
          <TagsInput
            id="hotpath-span-selector"
            tags={query.spanSelector ?? []}
            placeholder="Add a span id and press Enter"
            onChange={(spanSelector) => commit({ ...query, spanSelector })}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField
          label="Max nodes"
          labelWidth={LABEL_WIDTH}
          invalid={maxNodesError !== undefined}
          error={maxNodesError}
          tooltip="Flame-graph nodes kept before the rest is merged into 'other'; empty for the server default"
        >
          <Input
            id="hotpath-max-nodes"
            width={16}
            value={maxNodesText}
            placeholder="default"
            onChange={(e) => setMaxNodesText(e.currentTarget.value)}
            onBlur={() => {
              const parsed = parseMaxNodes(maxNodesText);
              if ('error' in parsed) {
                setMaxNodesError(parsed.error);
                return;
              }
              setMaxNodesError(undefined);
              if (parsed.value !== query.maxNodes) {
                const { maxNodes: _old, ...rest } = query;
                commit(parsed.value === undefined ? rest : { ...rest, maxNodes: parsed.value });
              }
            }}
          />
        </InlineField>
      </InlineFieldRow>
    </div>
  );
}

/** An Input that keeps its text locally and reports it once, on blur, when it changed. */
function TextField({ id, value, placeholder, onCommit }: { id: string; value: string; placeholder: string; onCommit: (text: string) => void }) {
  const [text, setText] = useDraft(value);
  return (
    <Input
      id={id}
      value={text}
      placeholder={placeholder}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={() => {
        if (text !== value) {
          onCommit(text);
        }
      }}
    />
  );
}
