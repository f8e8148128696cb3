using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.CallTrees;

/// <summary>
/// A call tree keyed by frame names, stored as flat arrays in depth-first pre-order.
/// </summary>
/// <remarks>
/// Node 0 is a virtual root (no name, depth 0, self 0) whose children are the outermost frames.
/// The subtree of node <c>i</c> is <c>i .. SubtreeEnd(i) - 1</c>, so its first child is <c>i + 1</c>
/// and each next sibling starts at the previous sibling's subtree end. Siblings are in UTF-8 byte
/// order of their names, the order Pyroscope's trees keep. <c>Total</c> is self plus descendants.
/// Trees are immutable once built; every traversal is a loop over these arrays.
/// </remarks>
public sealed class CallTree
{
    public const int RootNameId = -1;

    private readonly int[] _nameIds;
    private readonly long[] _self;
    private readonly long[] _total;
    private readonly int[] _depth;
    private readonly int[] _end;

    internal CallTree(NameTable names, int[] nameIds, long[] self, long[] total, int[] depth, int[] end, int count)
    {
        Names = names;
        _nameIds = nameIds;
        _self = self;
        _total = total;
        _depth = depth;
        _end = end;
        Count = count;
    }

    public NameTable Names { get; }

    /// <summary>Number of nodes including the virtual root.</summary>
    public int Count { get; }

    /// <summary>Sum of all stack values in the tree (the root's total).</summary>
    public long TotalValue => _total[0];

    public ReadOnlySpan<int> NameIds => _nameIds.AsSpan(0, Count);
    public ReadOnlySpan<long> Self => _self.AsSpan(0, Count);
    public ReadOnlySpan<long> Total => _total.AsSpan(0, Count);
    public ReadOnlySpan<int> Depth => _depth.AsSpan(0, Count);
    public ReadOnlySpan<int> SubtreeEnd => _end.AsSpan(0, Count);

    /// <summary>The frame name of a node; the empty string for the virtual root.</summary>
    public string NameOf(int node) => _nameIds[node] < 0 ? string.Empty : Names[_nameIds[node]];

    /// <summary>An empty tree: just the virtual root.</summary>
    public static CallTree Empty(NameTable names) =>
        new(names, [RootNameId], [0], [0], [0], [1], 1);

    /// <summary>
    /// Builds the tree of one stack set. Stacks with a value ≤ 0 or no frames are left out, as
    /// Pyroscope's tree does (<c>InsertStack</c>); the tree shares the set's name table.
    /// </summary>
    public static CallTree FromStacks(StackSet stacks) => CallTreeBuilder.Build(stacks);

    /// <summary>
    /// Merges several stack sets, each with its own name table, into one tree with a new name
    /// table; equal frame names from different sets become one name.
    /// </summary>
    public static CallTree FromStacks(IReadOnlyList<StackSet> sets)
    {
        return CallTreeBuilder.Build(sets.Count == 1 ? sets[0] : CallTreeBuilder.Concatenate(sets));
    }
}
