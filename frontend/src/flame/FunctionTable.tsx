import { Button, Input, Stack, Text, useStyles2 } from '@grafana/ui';
import React from 'react';

import { formatPercent, formatValue } from '../components/format';
import { getTableStyles } from '../components/tableStyles';
import type { DiffFunctionTable, FunctionTable } from '../api/wire';

const SHOWN = 200;

function useFilter<T extends { name: string }>(rows: T[]) {
  const [filter, setFilter] = React.useState('');
  const needle = filter.trim().toLowerCase();
  const matching = needle === '' ? rows : rows.filter((r) => r.name.toLowerCase().includes(needle));
  return { filter, setFilter, matching, shown: matching.slice(0, SHOWN) };
}

function Footer({ shown, matching, count }: { shown: number; matching: number; count: number }) {
  return (
    <Text color="secondary" variant="bodySmall">
      Showing {shown} of {matching} matching functions{count > matching ? ` (${count} in the profile)` : ''}.
    </Text>
  );
}

/**
 * The backend's exact function table (flat and cumulative, from untruncated stacks, like
 * `go tool pprof -top`), which the component's own top table cannot be: that one counts the
 * truncated tree it is given.
 */
export function ExactFunctionTable({
  table,
  unit,
  onSandwich,
  onDetails,
}: {
  table: FunctionTable;
  unit: string;
  onSandwich?: (name: string) => void;
  onDetails?: (name: string) => void;
}) {
  const styles = useStyles2(getTableStyles);
  const { filter, setFilter, matching, shown } = useFilter(table.rows);
  return (
    <Stack direction="column" gap={1}>
      <Input width={40} placeholder="Filter functions" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} aria-label="Filter functions" />
      <table className={styles.table} aria-label="Functions (exact)">
        <thead>
          <tr>
            <th scope="col">Function</th>
            <th scope="col">Self</th>
            <th scope="col">Self %</th>
            <th scope="col">Total</th>
            <th scope="col">Total %</th>
            {(onSandwich || onDetails) && <th scope="col" aria-label="Actions" />}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.name}>
              <td className={styles.mono}>{row.name}</td>
              <td>{formatValue(row.self, unit)}</td>
              <td>{formatPercent(row.self, table.total)}</td>
              <td>{formatValue(row.total, unit)}</td>
              <td>{formatPercent(row.total, table.total)}</td>
              {(onSandwich || onDetails) && (
                <td>
                  {onDetails && (
                    <Button
                      size="sm"
                      variant="secondary"
                      fill="text"
                      icon="info-circle"
                      onClick={() => onDetails(row.name)}
                      aria-label={`Details of ${row.name}`}
                    >
                      Details
                    </Button>
                  )}
                  {onSandwich && (
                    <Button
                      size="sm"
                      variant="secondary"
                      fill="text"
                      icon="gf-layout-simple"
                      onClick={() => onSandwich(row.name)}
                      aria-label={`Sandwich ${row.name}`}
                    >
                      Sandwich
                    </Button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <Footer shown={shown.length} matching={matching.length} count={table.count} />
    </Stack>
  );
}

/** Relative change of a function's share of its side's total, comparison against baseline. */
export function shareChange(baseline: number, baselineTotal: number, comparison: number, comparisonTotal: number): string {
  const before = baselineTotal > 0 ? baseline / baselineTotal : 0;
  const after = comparisonTotal > 0 ? comparison / comparisonTotal : 0;
  if (before === 0) {
    return after === 0 ? '0%' : 'new';
  }
  if (after === 0) {
    return 'removed';
  }
  const change = ((after - before) / before) * 100;
  return `${change > 0 ? '+' : ''}${change.toFixed(1)}%`;
}

/** The diff's function table: each side's self and total, and the change of the self share. */
export function DiffFunctionTableView({ table, unit }: { table: DiffFunctionTable; unit: string }) {
  const styles = useStyles2(getTableStyles);
  const { filter, setFilter, matching, shown } = useFilter(table.rows);
  return (
    <Stack direction="column" gap={1}>
      <Input width={40} placeholder="Filter functions" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} aria-label="Filter functions" />
      <table className={styles.table} aria-label="Functions (diff)">
        <thead>
          <tr>
            <th scope="col">Function</th>
            <th scope="col">Baseline self</th>
            <th scope="col">Comparison self</th>
            <th scope="col">Self share change</th>
            <th scope="col">Baseline total</th>
            <th scope="col">Comparison total</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.name}>
              <td className={styles.mono}>{row.name}</td>
              <td>{formatValue(row.baselineSelf, unit)}</td>
              <td>{formatValue(row.comparisonSelf, unit)}</td>
              <td>{shareChange(row.baselineSelf, table.baselineTotal, row.comparisonSelf, table.comparisonTotal)}</td>
              <td>{formatValue(row.baselineTotal, unit)}</td>
              <td>{formatValue(row.comparisonTotal, unit)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Footer shown={shown.length} matching={matching.length} count={table.count} />
    </Stack>
  );
}
