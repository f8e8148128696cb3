using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.FunctionTables;

/// <summary>One function's exact values: <c>Self</c> where it is the leaf, <c>Total</c> where it is on the stack.</summary>
public readonly record struct FunctionStat(string Name, long Self, long Total);

/// <summary>
/// Self and total per function over untruncated stacks — the numbers of <c>go tool pprof -top</c>
/// (flat and cum). A function that appears several times in one stack (recursion) counts that
/// stack's value once in its total. Every non-zero value counts, negative ones too; a function
/// that appears only in zero-valued stacks is not listed.
/// </summary>
public sealed class FunctionTable
{
    private readonly string[] _names;
    private readonly long[] _self;
    private readonly long[] _total;

    private FunctionTable(string[] names, long[] self, long[] total, long grandTotal)
    {
        _names = names;
        _self = self;
        _total = total;
        GrandTotal = grandTotal;
    }

    /// <summary>Number of functions listed.</summary>
    public int Count => _names.Length;

    /// <summary>Sum of all stack values.</summary>
    public long GrandTotal { get; }

    public FunctionStat this[int row] => new(_names[row], _self[row], _total[row]);

    /// <summary>Looks a function up by name.</summary>
    public bool TryGet(string name, out FunctionStat stat)
    {
        var row = Array.BinarySearch(_names, name, StringComparer.Ordinal);
        stat = row >= 0 ? this[row] : default;
        return row >= 0;
    }

    /// <summary>Rows sorted by name in ordinal order (the order the table is stored in).</summary>
    public FunctionStat[] SortedByName()
    {
        var rows = new FunctionStat[Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = this[i];
        }
        return rows;
    }

    /// <summary>Rows by descending self, then descending total, then name: the order of a top table.</summary>
    public FunctionStat[] SortedBySelf()
    {
        var rows = SortedByName();
        Array.Sort(rows, static (a, b) =>
        {
            var c = b.Self.CompareTo(a.Self);
            if (c == 0)
            {
                c = b.Total.CompareTo(a.Total);
            }
            return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
        });
        return rows;
    }

    public static FunctionTable Build(StackSet stacks) => Build([stacks]);

    /// <summary>Builds one table over several stack sets; functions are matched by name across their name tables.</summary>
    public static FunctionTable Build(IReadOnlyList<StackSet> sets)
    {
        var rowOfName = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var self = new List<long>();
        var total = new List<long>();
        long grandTotal = 0;
        foreach (var set in sets)
        {
            var n = set.Names.Count;
            var selfById = new long[n];
            var totalById = new long[n];
            var present = new bool[n];
            // stamp[id] = the last stack that counted id, so a recursive frame counts once per stack.
            var stamp = new int[n];
            Array.Fill(stamp, -1);
            for (var s = 0; s < set.Count; s++)
            {
                var value = set.ValueOf(s);
                if (value == 0)
                {
                    continue;
                }
                grandTotal += value;
                var frames = set.FramesOf(s);
                if (frames.Length == 0)
                {
                    continue;
                }
                foreach (var f in frames)
                {
                    if (stamp[f] != s)
                    {
                        stamp[f] = s;
                        totalById[f] += value;
                        present[f] = true;
                    }
                }
                selfById[frames[^1]] += value;
            }
            for (var id = 0; id < n; id++)
            {
                // As go tool pprof: a function whose self and total both sum to zero is not listed.
                if (!present[id] || (selfById[id] == 0 && totalById[id] == 0))
                {
                    continue;
                }
                var name = set.Names[id];
                if (!rowOfName.TryGetValue(name, out var row))
                {
                    row = names.Count;
                    rowOfName.Add(name, row);
                    names.Add(name);
                    self.Add(0);
                    total.Add(0);
                }
                self[row] += selfById[id];
                total[row] += totalById[id];
            }
        }

        var sortedNames = names.ToArray();
        var order = new int[sortedNames.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(sortedNames, order, StringComparer.Ordinal);
        var sortedSelf = new long[order.Length];
        var sortedTotal = new long[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            sortedSelf[i] = self[order[i]];
            sortedTotal[i] = total[order[i]];
        }
        return new FunctionTable(sortedNames, sortedSelf, sortedTotal, grandTotal);
    }
}
