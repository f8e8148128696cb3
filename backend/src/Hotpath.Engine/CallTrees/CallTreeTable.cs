using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.CallTrees;

/// <summary>One row of a call tree table: a node, its depth (0 for a root), its self and total.</summary>
public readonly record struct CallTreeRow(string Name, int Depth, long Self, long Total);

/// <summary>
/// A call tree as a table: nodes in depth-first pre-order with children by total descending, then
/// name (ordinal), cut to the largest nodes. What a tree view shows row by row.
/// </summary>
/// <param name="Truncated">The self of the nodes cut, so the kept rows' self plus it is the total.</param>
public sealed record CallTreeTable(long Total, long Truncated, IReadOnlyList<CallTreeRow> Rows)
{
    /// <summary>
    /// The table of <paramref name="stacks"/>: the top-down tree, or read leaf first the bottom-up
    /// one. Keeps the nodes whose total reaches the <paramref name="maxNodes"/>-th largest, at most
    /// <paramref name="maxNodes"/> of them in pre-order (a kept node's ancestors are always kept,
    /// having totals at least as large and coming first).
    /// </summary>
    public static CallTreeTable Build(StackSet stacks, bool bottomUp, int maxNodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNodes, 1);
        var tree = CallTree.FromStacks(bottomUp ? StackPaths.Reversed(stacks) : stacks);
        var minValue = Truncation.MinValue(tree, maxNodes);
        var totals = tree.Total;
        var selfs = tree.Self;
        var ends = tree.SubtreeEnd;
        var rows = new List<CallTreeRow>(Math.Min(maxNodes, tree.Count));
        long keptSelf = 0;

        // Explicit stack of nodes still to visit, pushed in reverse of the order they are shown.
        var pending = new Stack<(int Node, int Depth)>();
        PushChildren(tree, 0, 0, pending);
        while (pending.Count > 0 && rows.Count < maxNodes)
        {
            var (node, depth) = pending.Pop();
            if (totals[node] < minValue || totals[node] <= 0)
            {
                continue;
            }
            rows.Add(new CallTreeRow(tree.NameOf(node), depth, selfs[node], totals[node]));
            keptSelf += selfs[node];
            if (ends[node] > node + 1)
            {
                PushChildren(tree, node, depth + 1, pending);
            }
        }
        return new CallTreeTable(tree.TotalValue, tree.TotalValue - keptSelf, rows);
    }

    private static void PushChildren(CallTree tree, int parent, int depth, Stack<(int, int)> pending)
    {
        var ends = tree.SubtreeEnd;
        var children = new List<int>();
        for (var child = parent + 1; child < ends[parent]; child = ends[child])
        {
            children.Add(child);
        }
        children.Sort((a, b) =>
        {
            var c = tree.Total[b].CompareTo(tree.Total[a]);
            return c != 0 ? c : string.CompareOrdinal(tree.NameOf(a), tree.NameOf(b));
        });
        for (var i = children.Count - 1; i >= 0; i--)
        {
            pending.Push((children[i], depth));
        }
    }
}
