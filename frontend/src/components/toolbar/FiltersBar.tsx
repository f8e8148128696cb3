import { css } from '@emotion/css';
import type { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { Button, IconButton, Select, useStyles2 } from '@grafana/ui';
import React from 'react';

import { useExplore } from '../../explore/ExploreContext';
import { FILTER_OPERATORS, formatFilter } from '../../state/filters';
import { useRemote } from '../../state/useRemote';
import { dataOf } from '../../state/remote';
import { selectorOf, type Filter, type FilterOperator, type ViewState } from '../../state/viewState';

const OPERATOR_LABELS: Record<FilterOperator, string> = { '=': 'equals', '!=': 'not equal', '=~': 'matches regex', '!~': 'does not match regex' };

/**
 * The filters as chips, and a row to add one: label, operator, value. Label names and values are
 * suggested from label-names / label-values scoped to the profile type and service (not to the other
 * filters, so the suggestions do not reload on every edit); free text is allowed in both.
 */
export function FiltersBar({ state, onChange }: { state: ViewState; onChange: (filters: Filter[]) => void }) {
  const { api, range, refreshKey } = useExplore();
  const styles = useStyles2(getStyles);
  const [label, setLabel] = React.useState<string | undefined>();
  const [op, setOp] = React.useState<FilterOperator>('=');
  const [value, setValue] = React.useState<string | undefined>();
  const scope = { datasource: state.datasource, range, selector: selectorOf(state.service, []), profileType: state.profileType };
  const [names] = useRemote(
    (signal) => api.labelNames(scope, signal),
    [api, scope.datasource, range.from, range.to, scope.selector, scope.profileType, refreshKey]
  );
  const [values] = useRemote(
    (signal) => (label === undefined ? Promise.resolve([]) : api.labelValues({ ...scope, name: label }, signal)),
    [api, scope.datasource, range.from, range.to, scope.selector, scope.profileType, label, refreshKey]
  );
  const nameOptions = (dataOf(names) ?? []).map((n) => ({ label: n, value: n }));
  const valueOptions = (dataOf(values) ?? []).map((v) => ({ label: v === '' ? '(empty)' : v, value: v }));

  const add = () => {
    if (label === undefined || value === undefined) {
      return;
    }
    onChange([...state.filters, { label, op, value }]);
    setLabel(undefined);
    setValue(undefined);
    setOp('=');
  };

  return (
    <div className={styles.bar} role="group" aria-label="Filters">
      {state.filters.map((f, i) => (
        <span key={`${i}-${formatFilter(f)}`} className={styles.chip} data-testid="filter-chip">
          <span className={styles.mono}>{formatFilter(f)}</span>
          <IconButton
            name="times"
            size="sm"
            aria-label={`Remove filter ${formatFilter(f)}`}
            onClick={() => onChange(state.filters.filter((_, j) => j !== i))}
          />
        </span>
      ))}
      <Select
        width={22}
        aria-label="Filter label"
        placeholder="Label"
        allowCustomValue
        isLoading={names.phase === 'loading'}
        options={nameOptions}
        value={label === undefined ? null : { label, value: label }}
        onChange={(o: SelectableValue<string> | null) => {
          setLabel(o?.value);
          setValue(undefined);
        }}
      />
      <Select
        width={10}
        aria-label="Filter operator"
        options={FILTER_OPERATORS.map((o) => ({ label: o, value: o, description: OPERATOR_LABELS[o] }))}
        value={op}
        onChange={(o: SelectableValue<FilterOperator>) => setOp(o.value ?? '=')}
      />
      <Select
        width={26}
        aria-label="Filter value"
        placeholder="Value"
        allowCustomValue
        disabled={label === undefined}
        isLoading={label !== undefined && values.phase === 'loading'}
        options={valueOptions}
        value={value === undefined ? null : { label: value, value }}
        onChange={(o: SelectableValue<string> | null) => setValue(o?.value)}
      />
      <Button size="md" variant="secondary" icon="plus" onClick={add} disabled={label === undefined || value === undefined}>
        Add filter
      </Button>
      {state.filters.length > 0 && (
        <Button size="md" variant="secondary" fill="text" onClick={() => onChange([])}>
          Clear filters
        </Button>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  bar: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexWrap: 'wrap' }),
  chip: css({
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    padding: theme.spacing(0.25, 0.5, 0.25, 1),
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.pill,
    height: theme.spacing(4),
  }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: theme.typography.bodySmall.fontSize }),
});
