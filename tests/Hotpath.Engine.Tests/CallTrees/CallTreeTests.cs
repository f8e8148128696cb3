using FluentAssertions;
using Hotpath.Engine.CallTrees;
using Hotpath.Engine.Stacks;
using Hotpath.Engine.Tests.StackFixtures;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.CallTrees;

public class CallTreeTests
{
    [Test]
    public void Builds_the_tree_with_self_and_total_and_sorted_siblings()
    {
        var stacks = FoldedText.Lines("main;c 2", "main;a;b 5", "other;x 4", "main;a 3", "main;a;b;b 1");

        var tree = CallTree.FromStacks(stacks);

        TreeText.Render(tree).Should().Be(TreeText.Lines(
            "main self=0 total=11",
            "  a self=3 total=9",
            "    b self=5 total=6",
            "      b self=1 total=1",
            "  c self=2 total=2",
            "other self=0 total=4",
            "  x self=4 total=4"));
        tree.TotalValue.Should().Be(15);
    }

    [Test]
    public void Orders_siblings_by_utf8_bytes_like_go_not_by_utf16()
    {
        // UTF-16 ordinal order would put the emoji (a surrogate pair, 0xD83D…) before U+FF01.
        var stacks = FoldedText.Lines("r;\U0001F600 1", "r;\uFF01 1", "r;a 1", "r;B 1", "r;ab 1", "r; 1");

        var tree = CallTree.FromStacks(stacks);

        var children = Enumerable.Range(2, tree.Count - 2).Select(tree.NameOf).ToList();
        children.Should().Equal("", "B", "a", "ab", "\uFF01", "\U0001F600");
    }

    [Test]
    public void Leaves_out_zero_negative_and_empty_stacks_as_pyroscope_does()
    {
        var names = new NameTable();
        var stacks = new StackSet(names);
        stacks.Add([names.Intern("a")], 5);
        stacks.Add([names.Intern("a"), names.Intern("b")], 0);
        stacks.Add([names.Intern("c")], -3);
        stacks.Add([], 7);

        var tree = CallTree.FromStacks(stacks);

        TreeText.Render(tree).Should().Be(TreeText.Lines("a self=5 total=5"));
    }

    [Test]
    public void Merges_stack_sets_that_have_different_name_tables()
    {
        var first = FoldedText.Lines("main;a 1", "main;b 2");
        var second = FoldedText.Lines("x 10", "main;b;c 3", "main;a 4");

        var merged = CallTree.FromStacks([first, second]);

        var expected = CallTree.FromStacks(FoldedText.Lines("main;a 5", "main;b 2", "main;b;c 3", "x 10"));
        TreeText.Render(merged).Should().Be(TreeText.Render(expected));
    }

    [Test]
    public void Handles_a_stack_a_hundred_thousand_frames_deep_without_recursion()
    {
        var names = new NameTable();
        var stacks = new StackSet(names);
        var frames = Enumerable.Range(0, 100_000).Select(i => names.Intern("f" + (i % 3))).ToArray();
        stacks.Add(frames, 9);
        stacks.Add(frames[..50_000], 1);

        var tree = CallTree.FromStacks(stacks);

        tree.Count.Should().Be(100_001);
        tree.Depth[tree.Count - 1].Should().Be(100_000);
        tree.Total[1].Should().Be(10);
        tree.Self[50_000].Should().Be(1);
        tree.Self[100_000].Should().Be(9);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Random_trees_keep_every_value_and_reconstruct_their_stacks(int seed)
    {
        var stacks = RandomStacks.Generate(seed, stacks: 5_000, zeroAndNegative: true);

        var tree = CallTree.FromStacks(stacks);

        long positive = 0;
        for (var s = 0; s < stacks.Count; s++)
        {
            positive += Math.Max(stacks.ValueOf(s), 0);
        }
        tree.TotalValue.Should().Be(positive);
        SumOf(tree.Self).Should().Be(positive, "every value sits in exactly one node's self");
        CheckShape(tree);

        // Walking each node's path back out gives the positive stacks again.
        var rebuilt = new List<string>();
        var path = new List<string>();
        for (var i = 1; i < tree.Count; i++)
        {
            path.RemoveRange(tree.Depth[i] - 1, path.Count - (tree.Depth[i] - 1));
            path.Add(tree.NameOf(i));
            if (tree.Self[i] != 0)
            {
                rebuilt.Add($"{string.Join(';', path)} {tree.Self[i]}");
            }
        }
        rebuilt.Sort(StringComparer.Ordinal);
        FoldedText.Render(stacks).Where(l => !l.EndsWith(" 0") && !l.Contains(" -")).Should().Equal(rebuilt);
    }

    [Test]
    public void Random_trees_equal_the_reference_tree()
    {
        var stacks = RandomStacks.Generate(42, stacks: 3_000);

        TreeText.Render(CallTree.FromStacks(stacks)).Should().Be(TreeText.Render(ReferenceTree.FromStacks(stacks)));
    }

    /// <summary>Pre-order structure: totals add up, depths step by one, siblings strictly in UTF-8 order.</summary>
    internal static void CheckShape(CallTree tree)
    {
        var end = tree.SubtreeEnd;
        for (var i = 0; i < tree.Count; i++)
        {
            long children = 0;
            string? previous = null;
            for (var c = i + 1; c < end[i]; c = end[c])
            {
                tree.Depth[c].Should().Be(tree.Depth[i] + 1);
                end[c].Should().BeLessThanOrEqualTo(end[i]);
                children += tree.Total[c];
                if (previous is not null)
                {
                    Utf8Order.Compare(previous, tree.NameOf(c)).Should().BeNegative();
                }
                previous = tree.NameOf(c);
            }
            tree.Total[i].Should().Be(tree.Self[i] + children, $"node {i} ({tree.NameOf(i)})");
        }
    }

    private static long SumOf(ReadOnlySpan<long> values)
    {
        long sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }
        return sum;
    }
}
