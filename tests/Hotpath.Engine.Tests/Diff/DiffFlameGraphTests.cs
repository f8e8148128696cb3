using FluentAssertions;
using Hotpath.Engine.CallTrees;
using Hotpath.Engine.Diff;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Engine.Stacks;
using Hotpath.Engine.Tests.FlameGraphs;
using Hotpath.Engine.Tests.StackFixtures;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Diff;

public class DiffFlameGraphTests
{
    private static readonly StackSet Baseline = FoldedText.Lines("main;a 5", "main;b 5");
    private static readonly StackSet Comparison = FoldedText.Lines("main;a 2", "main;c 8");

    [Test]
    public void Aligns_both_trees_with_zeros_where_a_side_lacks_a_node()
    {
        var graph = DiffFlameGraph.FromStacks([Baseline], [Comparison], maxNodes: 0);

        TreeText.Render(graph).Should().Be(TreeText.Lines(
            "total left=10/0 right=10/0",
            "  main left=10/0 right=10/0",
            "    a left=5/5 right=2/2",
            "    b left=5/5 right=0/0",
            "    c left=0/0 right=8/8"));
    }

    [Test]
    public void Encodes_seven_tuples_with_each_side_delta_encoded_on_its_own()
    {
        var fb = DiffFlamebearer.From(DiffFlameGraph.FromStacks([Baseline], [Comparison], maxNodes: 0));

        fb.Names.Should().Equal("total", "main", "c", "b", "a");
        fb.Levels[0].Should().Equal(0, 10, 0, 0, 10, 0, 0);
        fb.Levels[1].Should().Equal(0, 10, 0, 0, 10, 0, 1);
        fb.Levels[2].Should().Equal(
            0, 5, 5, 0, 2, 2, 4,   // a: left x 0, right x 0
            0, 5, 5, 0, 0, 0, 3,   // b: left x 5 (delta 0), right x 2 (delta 0)
            0, 0, 0, 0, 8, 8, 2);  // c: left x 10 (delta 0), right x 2 (delta 0)
        fb.Total.Should().Be(20);
        fb.LeftTicks.Should().Be(10);
        fb.RightTicks.Should().Be(10);
        fb.MaxSelf.Should().Be(8);
        FlamebearerTests.ToJson(w => FlameGraphJson.WriteDiffFlamebearer(w, fb)).Should().StartWith(
            """{"names":["total","main","c","b","a"],"levels":[{"values":["0","10","0","0","10","0","0"]}""")
            .And.EndWith(""","total":"20","maxSelf":"8","leftTicks":"10","rightTicks":"10"}""");
    }

    [Test]
    public void Keeps_a_node_when_either_side_reaches_the_cut_off_and_folds_the_rest_per_side()
    {
        var left = FoldedText.Lines("m;big 100", "m;s1 3", "m;s2 1");
        var right = FoldedText.Lines("m;big 10", "m;s1 1", "m;s3 90");

        // Aligned nodes by max(left, right): root 113/101→113, m 104, big 100, s3 90, s1 3, s2 1.
        // For 4 nodes the cut-off is 90: s1 and s2 fold into "other" on both sides.
        var graph = DiffFlameGraph.Build(DiffTree.Combine(CallTree.FromStacks(left), CallTree.FromStacks(right)), maxNodes: 4);

        TreeText.Render(graph).Should().Be(TreeText.Lines(
            "total left=104/0 right=101/0",
            "  m left=104/0 right=101/0",
            "    big left=100/100 right=10/10",
            "    s3 left=0/0 right=90/90",
            "    other left=4/4 right=1/1"));
        graph.TruncatedFraction.Should().BeApproximately(5.0 / 205, 1e-12);
    }

    [TestCase(51, 0)]
    [TestCase(52, 1)]
    [TestCase(53, 16)]
    [TestCase(54, 300)]
    [TestCase(55, 5000)]
    public void Random_diffs_encode_exactly_like_the_reference_pipeline(int seed, long maxNodes)
    {
        var left = RandomStacks.Generate(seed, stacks: 1_500);
        var right = RandomStacks.Generate(seed + 1000, stacks: 1_500);

        var fb = DiffFlamebearer.From(DiffFlameGraph.FromStacks([left], [right], maxNodes));

        // The query frontend's pipeline: truncate each side's tree, then diff with the same limit.
        var refLeft = ReferenceTree.FromStacks(left);
        var refRight = ReferenceTree.FromStacks(right);
        if (maxNodes > 0)
        {
            refLeft = ReferenceTree.Truncate(refLeft, maxNodes);
            refRight = ReferenceTree.Truncate(refRight, maxNodes);
        }
        var expected = ReferenceTree.FlameGraphDiff(refLeft, refRight, maxNodes);
        fb.Names.Should().Equal(expected.Names);
        fb.Levels.Should().HaveCount(expected.Levels.Count);
        for (var i = 0; i < expected.Levels.Count; i++)
        {
            fb.Levels[i].Should().Equal(expected.Levels[i], $"level {i}");
        }
        fb.Total.Should().Be(expected.Total);
        fb.MaxSelf.Should().Be(expected.MaxSelf);
        fb.LeftTicks.Should().Be(expected.LeftTicks);
        fb.RightTicks.Should().Be(expected.RightTicks);
    }

    [TestCase(61, 0)]
    [TestCase(62, 40)]
    [TestCase(63, 700)]
    public void Swapping_the_sides_swaps_the_columns_and_nothing_else(int seed, long maxNodes)
    {
        var a = RandomStacks.Generate(seed, stacks: 2_000);
        var b = RandomStacks.Generate(seed + 500, stacks: 2_000);

        var ab = DiffFlameGraph.FromStacks([a], [b], maxNodes);
        var ba = DiffFlameGraph.FromStacks([b], [a], maxNodes);

        ab.Count.Should().Be(ba.Count);
        ab.Level.ToArray().Should().Equal(ba.Level.ToArray());
        Enumerable.Range(0, ab.Count).Select(ab.LabelOf).Should().Equal(Enumerable.Range(0, ba.Count).Select(ba.LabelOf));
        ab.Value.ToArray().Should().Equal(ba.ValueRight.ToArray());
        ab.Self.ToArray().Should().Equal(ba.SelfRight.ToArray());
        ab.ValueRight.ToArray().Should().Equal(ba.Value.ToArray());
        ab.SelfRight.ToArray().Should().Equal(ba.Self.ToArray());

        var fab = DiffFlamebearer.From(ab);
        var fba = DiffFlamebearer.From(ba);
        fab.Names.Should().Equal(fba.Names);
        for (var level = 0; level < fab.Levels.Count; level++)
        {
            var swapped = fba.Levels[level].Chunk(7).SelectMany(t => new[] { t[3], t[4], t[5], t[0], t[1], t[2], t[6] });
            fab.Levels[level].Should().Equal(swapped, $"level {level}");
        }
    }

    [Test]
    public void A_profile_diffed_with_itself_has_equal_sides_matching_its_own_flame_graph()
    {
        var stacks = RandomStacks.Generate(71, stacks: 3_000, oddNames: false);

        var diff = DiffFlameGraph.FromStacks([stacks], [stacks], maxNodes: 0);
        var single = NestedSetFlameGraph.Build(CallTree.FromStacks(stacks), maxNodes: 0);

        diff.Value.ToArray().Should().Equal(diff.ValueRight.ToArray());
        diff.Self.ToArray().Should().Equal(diff.SelfRight.ToArray());
        diff.Value.ToArray().Should().Equal(single.Value.ToArray());
        diff.Level.ToArray().Should().Equal(single.Level.ToArray());
        Enumerable.Range(0, diff.Count).Select(diff.LabelOf).Should().Equal(Enumerable.Range(0, single.Count).Select(single.LabelOf));
    }

    [TestCase(72, 0)]
    [TestCase(73, 30)]
    [TestCase(74, 800)]
    public void Each_side_of_a_diff_nests_and_keeps_its_total(int seed, long maxNodes)
    {
        var left = RandomStacks.Generate(seed, stacks: 2_000);
        var right = RandomStacks.Generate(seed + 7, stacks: 2_000);

        var graph = DiffFlameGraph.FromStacks([left], [right], maxNodes);

        graph.LeftTotal.Should().Be(CallTree.FromStacks(left).TotalValue);
        graph.RightTotal.Should().Be(CallTree.FromStacks(right).TotalValue);
        graph.Self.ToArray().Sum().Should().Be(graph.LeftTotal);
        graph.SelfRight.ToArray().Sum().Should().Be(graph.RightTotal);
        var childLeft = new long[graph.Count];
        var childRight = new long[graph.Count];
        var parents = new Stack<int>();
        for (var row = 0; row < graph.Count; row++)
        {
            while (parents.Count > graph.Level[row])
            {
                parents.Pop();
            }
            if (parents.Count > 0)
            {
                childLeft[parents.Peek()] += graph.Value[row];
                childRight[parents.Peek()] += graph.ValueRight[row];
            }
            parents.Push(row);
        }
        for (var row = 0; row < graph.Count; row++)
        {
            graph.Value[row].Should().Be(graph.Self[row] + childLeft[row], $"left of row {row} ({graph.LabelOf(row)})");
            graph.ValueRight[row].Should().Be(graph.SelfRight[row] + childRight[row], $"right of row {row} ({graph.LabelOf(row)})");
        }
    }

    [Test]
    public void Diff_of_empty_selections_is_a_lone_root()
    {
        var empty = new StackSet(new NameTable());

        var fb = DiffFlamebearer.From(DiffFlameGraph.FromStacks([empty], [empty], maxNodes: 100));

        fb.Names.Should().Equal("total");
        fb.Levels.Should().ContainSingle().Which.Should().Equal(0, 0, 0, 0, 0, 0, 0);
    }
}
