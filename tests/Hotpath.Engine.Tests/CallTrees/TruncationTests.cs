using FluentAssertions;
using Hotpath.Engine.CallTrees;
using Hotpath.Engine.Tests.StackFixtures;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.CallTrees;

public class TruncationTests
{
    [Test]
    public void Min_value_is_the_max_nodes_th_largest_total()
    {
        // Real node totals: main 10, a 8, b 5, gc 4, c 2.
        var tree = CallTree.FromStacks(FoldedText.Lines("main;a;b 5", "main;a 3", "main;c 2", "gc 4"));

        Truncation.MinValue(tree, 1).Should().Be(10);
        Truncation.MinValue(tree, 3).Should().Be(5);
        Truncation.MinValue(tree, 4).Should().Be(4);
        Truncation.MinValue(tree, 5).Should().Be(0, "five nodes fit in five");
        Truncation.MinValue(tree, 0).Should().Be(0, "max nodes below 1 means no limit");
        Truncation.MinValue(tree, -7).Should().Be(0);
    }

    [TestCase(7, 1)]
    [TestCase(7, 10)]
    [TestCase(8, 100)]
    [TestCase(9, 1000)]
    [TestCase(10, 4000)]
    public void Min_value_matches_sorting_every_total(int seed, long maxNodes)
    {
        var stacks = RandomStacks.Generate(seed, stacks: 2_000);

        Truncation.MinValue(CallTree.FromStacks(stacks), maxNodes)
            .Should().Be(ReferenceTree.MinValue(ReferenceTree.FromStacks(stacks), maxNodes));
    }

    [Test]
    public void Truncating_a_tree_folds_small_children_into_an_other_child_in_name_order()
    {
        // Totals: main 10, a 8, zz 6, b 5, gc 4, c 2; the 3rd largest is 6, so b, c and gc fold.
        // The folded child is a real node named "other", placed in name order (before "zz").
        var tree = CallTree.FromStacks(FoldedText.Lines("main;a;b 5", "main;a 3", "main;c 2", "gc 4", "zz 6"));

        var truncated = tree.Truncate(3);

        TreeText.Render(truncated).Should().Be(TreeText.Lines(
            "main self=0 total=10",
            "  a self=3 total=8",
            "    other self=5 total=5",
            "  other self=2 total=2",
            "other self=4 total=4",
            "zz self=6 total=6"));
    }

    [Test]
    public void Truncating_keeps_existing_other_nodes_and_adds_the_dropped_value_to_them()
    {
        var tree = CallTree.FromStacks(FoldedText.Lines("r;other;deep 1", "r;big 50", "r;small 2", "r;tiny 1"));

        var truncated = tree.Truncate(2);

        TreeText.Render(truncated).Should().Be(TreeText.Lines(
            "r self=0 total=54",
            "  big self=50 total=50",
            "  other self=3 total=4",
            "    other self=1 total=1"));
    }

    [TestCase(11, 1)]
    [TestCase(12, 30)]
    [TestCase(13, 500)]
    [TestCase(14, 0)]
    public void Truncation_equals_the_reference_marshal_truncate(int seed, long maxNodes)
    {
        var stacks = RandomStacks.Generate(seed, stacks: 2_000);

        var truncated = CallTree.FromStacks(stacks).Truncate(maxNodes);

        TreeText.Render(truncated).Should().Be(TreeText.Render(ReferenceTree.Truncate(ReferenceTree.FromStacks(stacks), maxNodes)));
        truncated.TotalValue.Should().Be(CallTree.FromStacks(stacks).TotalValue);
        CallTreeTests.CheckShape(truncated);
    }

    [TestCase(15, 1)]
    [TestCase(16, 25)]
    [TestCase(17, 400)]
    [TestCase(18, 100_000)]
    public void Truncated_tree_built_straight_from_stacks_equals_truncating_the_full_tree(int seed, long maxNodes)
    {
        var stacks = RandomStacks.Generate(seed, stacks: 3_000);

        var direct = CallTreeTruncation.FromStacks([stacks], maxNodes);

        TreeText.Render(direct).Should().Be(TreeText.Render(CallTree.FromStacks(stacks).Truncate(maxNodes)));
    }

    [TestCase(16)]
    [TestCase(512)]
    public void Corpus_truncated_trees_built_straight_from_stacks_equal_the_reference(long maxNodes)
    {
        foreach (var file in StackCorpus.FoldedFiles())
        {
            var stacks = FoldedText.Parse(File.ReadAllText(file));
            TreeText.Render(CallTreeTruncation.FromStacks([stacks], maxNodes))
                .Should().Be(TreeText.Render(ReferenceTree.Truncate(ReferenceTree.FromStacks(stacks), maxNodes)), Path.GetFileName(file));
        }
    }
}
