using Hotpath.Engine.CallTrees;

namespace Hotpath.Engine.FlameGraphs;

/// <summary>The flamebearer's <c>names</c> table, in the order Pyroscope fills it.</summary>
internal static class VisitOrderNames
{
    /// <summary>
    /// Assigns name indices in Pyroscope's visiting order: a depth-first walk that pushes children in
    /// ascending order and so pops the last one first. Names are cached by key: the root's key is
    /// <paramref name="rootKey"/> (the plain layout keys it "total", so a frame called "total" shares
    /// its index; the diff layout keys it "", so it does not), other rows by <paramref name="nameOf"/>.
    /// Index 0 is the root and is shown as "total". Returns the name index of each row.
    /// </summary>
    public static int[] Assign(ReadOnlySpan<int> ids, ReadOnlySpan<int> subtreeEnd, Func<int, string> nameOf, string rootKey, out List<string> names)
    {
        var count = ids.Length;
        var indexOfRow = new int[count];
        names = new List<string>();
        var byString = new Dictionary<string, int>(StringComparer.Ordinal);
        var byId = new Dictionary<int, int>();
        var stack = new int[Math.Max(count, 1)];
        var top = 0;
        stack[top++] = 0;
        while (top > 0 && count > 0)
        {
            var row = stack[--top];
            var id = ids[row];
            if (!byId.TryGetValue(id, out var index))
            {
                var key = id == CallTree.RootNameId ? rootKey : nameOf(id);
                if (!byString.TryGetValue(key, out index))
                {
                    index = names.Count;
                    names.Add(index == 0 ? "total" : key);
                    byString.Add(key, index);
                }
                byId.Add(id, index);
            }
            indexOfRow[row] = index;
            for (var c = row + 1; c < subtreeEnd[row]; c = subtreeEnd[c])
            {
                stack[top++] = c;
            }
        }
        return indexOfRow;
    }
}
