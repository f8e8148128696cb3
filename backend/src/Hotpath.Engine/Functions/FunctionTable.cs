using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Functions;

/// <summary>Self and total value of one function (frame name) over a stack set.</summary>
public readonly record struct FunctionStat(int NameId, string Name, long Self, long Total);

/// <summary>
/// The exact function table: self = sum of the stacks where the function is the leaf; total = sum of
/// the stacks that contain it, counted once per stack however often it recurs (as go tool pprof
/// counts "cum"). Functions whose self and total are both zero are left out, as pprof leaves them out.
/// </summary>
public static class FunctionTable
{
    /// <summary>The table, sorted by name in ordinal order.</summary>
    public static FunctionStat[] Compute(StackSet stacks)
    {
        var names = stacks.Names;
        var self = new long[names.Count];
        var total = new long[names.Count];
        var lastStack = new int[names.Count];
        Array.Fill(lastStack, -1);
        var seen = new bool[names.Count];

        for (var s = 0; s < stacks.Count; s++)
        {
            var value = stacks.ValueOf(s);
            var frames = stacks.FramesOf(s);
            if (frames.Length == 0)
            {
                continue;
            }
            self[frames[^1]] += value;
            foreach (var f in frames)
            {
                seen[f] = true;
                if (lastStack[f] != s)
                {
                    lastStack[f] = s;
                    total[f] += value;
                }
            }
        }

        var rows = new List<FunctionStat>();
        for (var id = 0; id < names.Count; id++)
        {
            if (seen[id] && (self[id] != 0 || total[id] != 0))
            {
                rows.Add(new FunctionStat(id, names[id], self[id], total[id]));
            }
        }
        rows.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return [.. rows];
    }
}
