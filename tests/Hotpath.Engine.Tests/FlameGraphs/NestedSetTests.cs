using FluentAssertions;
using Hotpath.Engine.CallTrees;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Engine.Tests.StackFixtures;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.FlameGraphs;

public class NestedSetTests
{
    [Test]
    public void Rows_are_pre_order_with_siblings_in_name_order_and_other_last()
    {
        var tree = CallTree.FromStacks(FoldedText.Lines("main;a;b 5", "main;a 3", "main;c 2", "gc 4"));

        var graph = NestedSetFlameGraph.Build(tree, maxNodes: 3);

        TreeText.Render(graph).Should().Be(TreeText.Lines(
            "total value=14 self=0",
            "  main value=10 self=0",
            "    a value=8 self=3",
            "      b value=5 self=5",
            "    other value=2 self=2",
            "  other value=4 self=4"));
        graph.Labels.Should().Equal("total", "main", "a", "b", "other");
        graph.Label.ToArray().Should().Equal(0, 1, 2, 3, 4, 4);
        graph.OtherTotal.Should().Be(6);
    }

    [Test]
    public void Nodes_tied_with_the_cut_off_are_all_kept_as_pyroscope_keeps_them()
    {
        var tree = CallTree.FromStacks(FoldedText.Lines("a 5", "b 5", "c 5", "d 1"));

        var graph = NestedSetFlameGraph.Build(tree, maxNodes: 2);

        TreeText.Render(graph).Should().Be(TreeText.Lines(
            "total value=16 self=0",
            "  a value=5 self=5",
            "  b value=5 self=5",
            "  c value=5 self=5",
            "  other value=1 self=1"));
    }

    [Test]
    public void Bounded_ties_keep_at_most_max_nodes_in_pre_order_and_fold_the_rest()
    {
        var tree = CallTree.FromStacks(FoldedText.Lines("a 5", "b 5", "c 5", "d 1"));

        var graph = NestedSetFlameGraph.Build(tree, maxNodes: 2, boundTies: true);

        TreeText.Render(graph).Should().Be(TreeText.Lines(
            "total value=16 self=0",
            "  a value=5 self=5",
            "  b value=5 self=5",
            "  other value=6 self=6"));
        graph.OtherTotal.Should().Be(6);
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(50)]
    [TestCase(400)]
    public void Bounded_ties_on_a_flat_profile_of_single_samples_stay_within_max_nodes(int maxNodes)
    {
        // 30 callers with 20 one-sample leaves each: every leaf ties with the cut-off.
        var lines = Enumerable.Range(0, 30).SelectMany(c => Enumerable.Range(0, 20).Select(l => $"main;caller{c:00};leaf{l:00} 1")).ToArray();
        var tree = CallTree.FromStacks(FoldedText.Lines(lines));

        var pyroscope = NestedSetFlameGraph.Build(tree, maxNodes);
        var bounded = NestedSetFlameGraph.Build(tree, maxNodes, boundTies: true);

        var realRows = Enumerable.Range(1, bounded.Count - 1).Count(r => !IsSyntheticOther(bounded, r));
        realRows.Should().BeLessThanOrEqualTo(maxNodes);
        bounded.Total.Should().Be(600);
        (SelfStacks(bounded).Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..]))).Should().Be(600, "kept and folded values still add up to the total");
        if (maxNodes >= 631)
        {
            TreeText.Render(bounded).Should().Be(TreeText.Render(pyroscope));
        }
        else if (maxNodes > 1)
        {
            // The cut-off is a caller's 20 (for 7) or a leaf's 1 (for 50 and 400), shared by many nodes.
            pyroscope.Count.Should().BeGreaterThan(bounded.Count, "Pyroscope keeps every node tied with the cut-off");
        }
    }

    [Test]
    public void Untruncated_rows_are_the_whole_tree()
    {
        var tree = CallTree.FromStacks(FoldedText.Lines("main;a;b 5", "main;a 3", "main;c 2", "gc 4"));

        TreeText.Render(NestedSetFlameGraph.Build(tree, maxNodes: 0)).Should().Be(TreeText.Lines(
            "total value=14 self=0",
            "  gc value=4 self=4",
            "  main value=10 self=0",
            "    a value=8 self=3",
            "      b value=5 self=5",
            "    c value=2 self=2"));
    }

    [TestCase(41, 0)]
    [TestCase(42, 1)]
    [TestCase(43, 10)]
    [TestCase(44, 200)]
    [TestCase(45, 2000)]
    public void Truncation_keeps_totals_and_reconstructs_a_consistent_tree(int seed, long maxNodes)
    {
        var tree = CallTree.FromStacks(RandomStacks.Generate(seed, stacks: 4_000));
        var minValue = Truncation.MinValue(tree, maxNodes);

        var graph = NestedSetFlameGraph.Build(tree, maxNodes);

        graph.Total.Should().Be(tree.TotalValue);
        graph.Self.ToArray().Sum().Should().Be(tree.TotalValue, "self values, with 'other' rows, cover the total exactly");
        CheckNesting(graph);

        var real = Enumerable.Range(1, graph.Count - 1).Where(r => graph.LabelOf(r) != "other" || !IsSyntheticOther(graph, r)).ToList();
        var ties = tree.Total.ToArray().Skip(1).Count(t => t == minValue);
        if (maxNodes > 0)
        {
            real.Count(r => graph.Value[r] > minValue).Should().BeLessThan((int)maxNodes);
            real.Count.Should().BeLessThanOrEqualTo((int)maxNodes + ties, "only nodes tied with the cut-off may exceed max nodes");
        }
        graph.TruncatedFraction.Should().BeApproximately((double)graph.OtherTotal / graph.Total, 1e-12);
    }

    /// <summary>Rebuilds parent links from the level column alone, as Grafana does, and checks every parent's value.</summary>
    internal static void CheckNesting(NestedSetFlameGraph graph)
    {
        graph.Level[0].Should().Be(0);
        var childSum = new long[graph.Count];
        for (var row = 1; row < graph.Count; row++)
        {
            graph.Level[row].Should().BeInRange(1, graph.Level[row - 1] + 1, $"row {row} may only go one level deeper");
            var parent = row;
            for (var p = row - 1; p >= 0; p--)
            {
                if (graph.Level[p] == graph.Level[row] - 1)
                {
                    parent = p;
                    break;
                }
            }
            childSum[parent] += graph.Value[row];
        }
        for (var row = 0; row < graph.Count; row++)
        {
            graph.Value[row].Should().Be(graph.Self[row] + childSum[row], $"row {row} ({graph.LabelOf(row)})");
        }
    }

    private static bool IsSyntheticOther(NestedSetFlameGraph graph, int row) =>
        graph.LabelOf(row) == "other" && graph.Self[row] == graph.Value[row] && (row + 1 == graph.Count || graph.Level[row + 1] <= graph.Level[row]);

    /// <summary>Each row with self, as "path value" (root excluded), sorted: the stacks the graph stands for.</summary>
    internal static List<string> SelfStacks(NestedSetFlameGraph graph)
    {
        var stacks = new List<string>();
        var path = new List<string>();
        for (var row = 1; row < graph.Count; row++)
        {
            path.RemoveRange(graph.Level[row] - 1, path.Count - (graph.Level[row] - 1));
            path.Add(graph.LabelOf(row));
            if (graph.Self[row] > 0)
            {
                stacks.Add($"{string.Join(';', path)} {graph.Self[row]}");
            }
        }
        stacks.Sort(StringComparer.Ordinal);
        return stacks;
    }
}
