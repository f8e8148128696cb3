using Hotpath.Engine.CallTrees;
using Hotpath.Engine.Diff;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Changes;

/// <summary>One side of a comparison: its range cut into equal buckets, each merged on its own.</summary>
/// <param name="Buckets">The merged stacks of each bucket, in time order (at least one).</param>
/// <param name="Seconds">The length of the whole range.</param>
public sealed record ChangeSide(IReadOnlyList<StackSet> Buckets, double Seconds);

/// <summary>A function whose cost changed.</summary>
/// <param name="Function">The function (frame name).</param>
/// <param name="Caller">
/// For a change reported once for a whole call chain (see <see cref="FunctionChanges"/>): the frame
/// through which the change enters, else null.
/// </param>
/// <param name="Path">For such a change, the call path root-first down to <paramref name="Function"/>, else null.</param>
/// <param name="Total">Its total (cumulative) cost, counted once per stack under recursion.</param>
/// <param name="Self">Its self cost.</param>
public sealed record FunctionChange(string Function, string? Caller, IReadOnlyList<string>? Path, Change Total, Change Self);

/// <summary>
/// Ranks functions by how much their cost changed between two ranges — the answer to "what
/// changed?" for a selection.
/// </summary>
/// <remarks>
/// A change that flows down one call path moves the total of every frame on it by the same amount:
/// listed as is, the ranking would open with <c>runtime.goexit</c> and a row of framework frames that
/// only carry it. So the change is followed down the diff tree (baseline and comparison aligned by
/// path): from each node that moved, on through the child that carries at least 90 % of its change,
/// as long as there is one — a chain. The chain's tail where each frame has no cost of its own and
/// exactly one callee, on both sides, is the way into the new cost: its first frame is the entry
/// (the caller that changed: <c>applyPromotions</c>, <c>AddItem</c>), and the function reported is
/// what the entry spends it on, the first frame below it (<c>regexp.MustCompile</c>,
/// <c>session.(*Cache).Put</c>), with the entry as <see cref="FunctionChange.Caller"/>. A chain that
/// ends where its change splits among callees (not in its last frame's own cost) reports nothing
/// itself: the callees' chains do. The chain's other frames are left out of the list when their own
/// change is this chain's (within 10 %). Other functions are listed by their own change. Everything
/// is sorted by |total delta|, largest first.
/// </remarks>
public static class FunctionChanges
{
    private const double CarrierPart = 0.9;
    private const double SignificantPart = 0.02;
    private const double ExplainedPart = 0.1;

    /// <summary>The whole selection's change and its functions' changes, the first <paramref name="limit"/>.</summary>
    public static (Change Total, IReadOnlyList<FunctionChange> Functions) Rank(ChangeSide baseline, ChangeSide comparison, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baseline.Buckets.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(comparison.Buckets.Count, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baseline.Seconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(comparison.Seconds);

        var table = FunctionBuckets.Build(baseline.Buckets, comparison.Buckets);

        var totalDelta = Sum(table.ComparisonGrand) / comparison.Seconds - Sum(table.BaselineGrand) / baseline.Seconds;
        var total = Change.Of(table.BaselineGrand, baseline.Seconds, table.ComparisonGrand, comparison.Seconds, totalDelta);

        var changes = new Dictionary<string, (Change Total, Change Self)>(StringComparer.Ordinal);
        double movement = 0;
        foreach (var (name, row) in table.Rows)
        {
            var t = Change.Of(row.BaselineTotal, baseline.Seconds, row.ComparisonTotal, comparison.Seconds, totalDelta);
            var s = Change.Of(row.BaselineSelf, baseline.Seconds, row.ComparisonSelf, comparison.Seconds, totalDelta);
            changes[name] = (t, s);
            movement += Math.Abs(s.Delta);
        }

        var tree = DiffTree.Combine(CallTree.FromStacks(baseline.Buckets), CallTree.FromStacks(comparison.Buckets));
        var chains = new ChainWalk(tree, baseline.Seconds, comparison.Seconds, SignificantPart * movement).Run();

        var representatives = new Dictionary<string, (string? Caller, IReadOnlyList<string> Path)>(StringComparer.Ordinal);
        var leftOut = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chain in chains)
        {
            var (reported, caller) = chain.Reported(tree);
            var name = chain.Reports ? tree.NameOf(reported) : null;
            if (name is not null && !representatives.ContainsKey(name))
            {
                representatives[name] = (caller < 0 ? null : tree.NameOf(caller), PathTo(tree, reported));
            }
            foreach (var node in chain.Nodes)
            {
                var other = tree.NameOf(node);
                if (other == name || !changes.TryGetValue(other, out var c))
                {
                    continue;
                }
                var nodeDelta = tree.RightTotal[node] / comparison.Seconds - tree.LeftTotal[node] / baseline.Seconds;
                if (Math.Abs(c.Total.Delta - nodeDelta) <= ExplainedPart * Math.Abs(c.Total.Delta))
                {
                    leftOut.Add(other);
                }
            }
        }

        var rows = new List<FunctionChange>();
        foreach (var (name, c) in changes)
        {
            if (c.Total.Delta == 0 && c.Self.Delta == 0)
            {
                continue;
            }
            if (representatives.TryGetValue(name, out var r))
            {
                rows.Add(new FunctionChange(name, r.Caller, r.Path, c.Total, c.Self));
            }
            else if (!leftOut.Contains(name))
            {
                rows.Add(new FunctionChange(name, null, null, c.Total, c.Self));
            }
        }
        rows.Sort((a, b) =>
        {
            var order = Math.Abs(b.Total.Delta).CompareTo(Math.Abs(a.Total.Delta));
            return order != 0 ? order : string.CompareOrdinal(a.Function, b.Function);
        });
        return (total, rows.Count > limit ? rows.GetRange(0, limit) : rows);
    }

    private static double Sum(ReadOnlySpan<long> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }
        return sum;
    }

    private static string[] PathTo(DiffTree tree, int node)
    {
        var depth = tree.Depth[node];
        var path = new string[depth];
        // Ancestors precede a node in pre-order: walk back, taking the nearest node of each smaller depth.
        var want = depth;
        for (var i = node; i > 0 && want > 0; i--)
        {
            if (tree.Depth[i] == want)
            {
                path[want - 1] = tree.NameOf(i);
                want--;
            }
        }
        return path;
    }

    /// <summary>A run of diff-tree nodes, each the carrier of its parent's change, top first.</summary>
    private sealed class Chain(List<int> nodes, int parent, bool reports)
    {
        public List<int> Nodes { get; } = nodes;

        /// <summary>Whether the chain ends in a frame's own change (else its callees' chains report it).</summary>
        public bool Reports { get; } = reports;

        /// <summary>
        /// The node to report and its caller: the first frame below the entry of the chain's single-path
        /// tail, or the tail itself when it is one frame (then its caller is the chain's parent).
        /// </summary>
        public (int Node, int Caller) Reported(DiffTree tree)
        {
            // Exactly: no self cost on either side and one callee — a rare sample elsewhere ends the
            // tail there, which only moves the report one frame down.
            bool SinglePath(int n) => tree.LeftSelf[n] == 0 && tree.RightSelf[n] == 0 && tree.SubtreeEnd[n + 1] == tree.SubtreeEnd[n];
            var entry = Nodes.Count - 1;
            while (entry > 0 && SinglePath(Nodes[entry - 1]))
            {
                entry--;
            }
            if (entry < Nodes.Count - 1)
            {
                return (Nodes[entry + 1], Nodes[entry]);
            }
            return (Nodes[entry], entry > 0 ? Nodes[entry - 1] : parent);
        }
    }

    /// <summary>Finds the chains of a diff tree (see the remarks on <see cref="FunctionChanges"/>).</summary>
    private sealed class ChainWalk(DiffTree tree, double baselineSeconds, double comparisonSeconds, double threshold)
    {
        private readonly List<Chain> _chains = [];

        public List<Chain> Run()
        {
            if (tree.Count > 0 && threshold > 0)
            {
                StartChildren(0);
            }
            return _chains;
        }

        private double Delta(int n) => tree.RightTotal[n] / comparisonSeconds - tree.LeftTotal[n] / baselineSeconds;

        private void StartChildren(int root)
        {
            for (var child = root + 1; child < tree.SubtreeEnd[root]; child = tree.SubtreeEnd[child])
            {
                if (Math.Abs(Delta(child)) >= threshold)
                {
                    Follow(child, -1);
                }
            }
        }

        private void Follow(int start, int parent)
        {
            var nodes = new List<int> { start };
            var current = start;
            while (true)
            {
                var d = Delta(current);
                var carrier = -1;
                for (var child = current + 1; child < tree.SubtreeEnd[current]; child = tree.SubtreeEnd[child])
                {
                    var c = Delta(child);
                    if (Math.Sign(c) == Math.Sign(d) && Math.Abs(c) >= CarrierPart * Math.Abs(d) && (carrier < 0 || Math.Abs(c) > Math.Abs(Delta(carrier))))
                    {
                        carrier = child;
                    }
                }
                // Children that moved on their own start chains of their own.
                for (var child = current + 1; child < tree.SubtreeEnd[current]; child = tree.SubtreeEnd[child])
                {
                    if (child != carrier && Math.Abs(Delta(child)) >= threshold)
                    {
                        Follow(child, current);
                    }
                }
                if (carrier < 0)
                {
                    break;
                }
                nodes.Add(carrier);
                current = carrier;
            }
            // A chain that ends where its change splits among callees, and not in the frame's own
            // cost, has nothing of its own to report: the callees' chains say where it went.
            var self = tree.RightSelf[current] / comparisonSeconds - tree.LeftSelf[current] / baselineSeconds;
            var reports = Math.Abs(self) >= Math.Max(threshold, ExplainedPart * Math.Abs(Delta(current)));
            _chains.Add(new Chain(nodes, parent, reports));
        }
    }
}
