import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, IconButton, Input, Stack, Text, useStyles2 } from '@grafana/ui';
import React from 'react';

import type { CallTreeResponse } from '../api/wire';
import { formatPercent, formatValue } from '../components/format';
import { getTableStyles } from '../components/tableStyles';
import { allExpandable, childFlags, initialExpanded, visibleRows } from './callTree';

/** Rows drawn at most; past that the table says how many more match (search narrows it). */
const SHOWN = 1000;

/**
 * A call tree as a table (expand/collapse, self and total with their shares of the selection,
 * search), top-down or bottom-up as the route computed it. A function's name opens its details.
 */
export function CallTreeTable({
  tree,
  direction,
  onDetails,
}: {
  tree: CallTreeResponse;
  direction: 'top-down' | 'bottom-up';
  onDetails?: (fn: string) => void;
}) {
  const table = useStyles2(getTableStyles);
  const styles = useStyles2(getStyles);
  const { nodes, total, unit } = tree;
  const [expanded, setExpanded] = React.useState(() => initialExpanded(nodes));
  // Another tree (another direction, filters or range) opens at its own top levels; reset while
  // rendering, so no frame shows the old tree's open rows on the new one.
  const [shown, setShown] = React.useState(tree);
  if (shown !== tree) {
    setShown(tree);
    setExpanded(initialExpanded(nodes));
  }
  const [search, setSearch] = React.useState('');
  const hasChildren = React.useMemo(() => childFlags(nodes), [nodes]);
  const rows = React.useMemo(() => visibleRows(nodes, expanded, search), [nodes, expanded, search]);
  const searching = search.trim() !== '';
  const toggle = (i: number) => {
    const next = new Set(expanded);
    if (!next.delete(i)) {
      next.add(i);
    }
    setExpanded(next);
  };
  const label = `Call tree (${direction})`;
  return (
    <Stack direction="column" gap={1}>
      <Stack direction="row" gap={1} alignItems="center">
        <Input width={40} placeholder="Search functions" aria-label="Search the call tree" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
        <Button size="sm" variant="secondary" onClick={() => setExpanded(allExpandable(nodes))} disabled={searching}>
          Expand all
        </Button>
        <Button size="sm" variant="secondary" onClick={() => setExpanded(new Set())} disabled={searching}>
          Collapse all
        </Button>
      </Stack>
      <table className={table.table} aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{direction === 'top-down' ? 'Function (callees below)' : 'Function (callers below)'}</th>
            <th scope="col">Self</th>
            <th scope="col">Self %</th>
            <th scope="col">Total</th>
            <th scope="col">Total %</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, SHOWN).map((i) => {
            const node = nodes[i]!;
            const open = searching || expanded.has(i);
            return (
              <tr key={i} aria-level={node.depth + 1} data-name={node.name}>
                <td className={table.mono}>
                  <div className={styles.name} style={{ paddingLeft: `${node.depth * 16}px` }}>
                    {hasChildren[i] ? (
                      <IconButton
                        name={open ? 'angle-down' : 'angle-right'}
                        size="sm"
                        aria-label={`${open ? 'Collapse' : 'Expand'} ${node.name}`}
                        aria-expanded={open}
                        disabled={searching}
                        onClick={() => toggle(i)}
                      />
                    ) : (
                      <span className={styles.leaf} />
                    )}
                    {onDetails ? (
                      <button type="button" className={styles.link} onClick={() => onDetails(node.name)} title="Function details">
                        {node.name}
                      </button>
                    ) : (
                      <span>{node.name}</span>
                    )}
                  </div>
                </td>
                <td>{formatValue(node.self, unit)}</td>
                <td>{formatPercent(node.self, total)}</td>
                <td>{formatValue(node.total, unit)}</td>
                <td>{formatPercent(node.total, total)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Text color="secondary" variant="bodySmall">
        {rows.length > SHOWN ? `Showing ${SHOWN} of ${rows.length} rows; search to narrow them. ` : ''}
        {searching ? `${rows.length} rows match or lead to a match. ` : ''}
        {nodes.length} nodes in the tree.
      </Text>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  name: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(0.5), whiteSpace: 'nowrap' }),
  leaf: css({ display: 'inline-block', width: theme.spacing(2) }),
  link: css({
    background: 'none',
    border: 'none',
    padding: 0,
    color: theme.colors.text.link,
    cursor: 'pointer',
    font: 'inherit',
    textAlign: 'left',
    '&:hover': { textDecoration: 'underline' },
  }),
});
