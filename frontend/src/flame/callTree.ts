import type { CallTreeNode } from '../api/wire';

// The call-tree route's nodes come in depth-first pre-order with a depth each; the table shows the
// rows of expanded parents only, or, while searching, the matches with the path down to each.

/** Whether each node has children: in pre-order they follow it at once, one level down. */
export function childFlags(nodes: readonly CallTreeNode[]): boolean[] {
  return nodes.map((n, i) => (nodes[i + 1]?.depth ?? -1) === n.depth + 1);
}

/** The nodes open at first: the roots and their children, so the top two levels show. */
export function initialExpanded(nodes: readonly CallTreeNode[]): Set<number> {
  const open = new Set<number>();
  nodes.forEach((n, i) => {
    if (n.depth < 1) {
      open.add(i);
    }
  });
  return open;
}

/** Every node with children (Expand all). */
export function allExpandable(nodes: readonly CallTreeNode[]): Set<number> {
  const flags = childFlags(nodes);
  return new Set(nodes.map((_, i) => i).filter((i) => flags[i]));
}

/**
 * The indices of the rows to show, in order. Without a search: the roots, and the children of every
 * expanded node whose ancestors are all expanded. With one (case-insensitive substring of the name):
 * every matching node and its ancestors, whatever is expanded.
 */
export function visibleRows(nodes: readonly CallTreeNode[], expanded: ReadonlySet<number>, search = ''): number[] {
  const needle = search.trim().toLowerCase();
  const out: number[] = [];
  if (needle === '') {
    // `hiddenBelow`: the depth under which rows are hidden (a collapsed ancestor's), or Infinity.
    let hiddenBelow = Infinity;
    nodes.forEach((n, i) => {
      if (n.depth > hiddenBelow) {
        return;
      }
      hiddenBelow = Infinity;
      out.push(i);
      if (!expanded.has(i)) {
        hiddenBelow = n.depth;
      }
    });
    return out;
  }
  const keep = new Set<number>();
  const path: number[] = [];
  nodes.forEach((n, i) => {
    path.length = n.depth;
    path.push(i);
    if (n.name.toLowerCase().includes(needle)) {
      path.forEach((p) => keep.add(p));
    }
  });
  return [...keep].sort((a, b) => a - b);
}
