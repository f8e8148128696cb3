using FluentAssertions;
using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Tests.StackFixtures;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.FunctionTables;

public class FunctionTableTests
{
    [Test]
    public void Counts_a_recursive_function_once_per_stack_in_its_total()
    {
        var table = FunctionTable.Build(FoldedText.Lines("main;f;f;f 4", "main;f;g 3", "main;g;f 2", "other 1"));

        table.SortedByName().Should().Equal(
            new FunctionStat("f", 6, 9),
            new FunctionStat("g", 3, 5),
            new FunctionStat("main", 0, 9),
            new FunctionStat("other", 1, 1));
        table.GrandTotal.Should().Be(10);
    }

    [Test]
    public void Keeps_negative_values_and_leaves_out_functions_seen_only_in_zero_stacks()
    {
        var table = FunctionTable.Build(FoldedText.Lines("a;b 5", "a;c -2", "a;d 0"));

        table.SortedByName().Should().Equal(
            new FunctionStat("a", 0, 3),
            new FunctionStat("b", 5, 5),
            new FunctionStat("c", -2, -2));
        table.TryGet("d", out _).Should().BeFalse();
    }

    [Test]
    public void Merges_sets_by_function_name()
    {
        var table = FunctionTable.Build([FoldedText.Lines("a;b 1"), FoldedText.Lines("b 2", "c;a 4")]);

        table.SortedByName().Should().Equal(
            new FunctionStat("a", 4, 5),
            new FunctionStat("b", 3, 3),
            new FunctionStat("c", 0, 4));
        table.SortedBySelf()[0].Name.Should().Be("a");
    }

    [TestCase(91)]
    [TestCase(92)]
    public void Random_stacks_match_a_set_per_stack_count(int seed)
    {
        var stacks = RandomStacks.Generate(seed, stacks: 5_000, zeroAndNegative: true);

        var expected = new SortedDictionary<string, (long Self, long Total)>(StringComparer.Ordinal);
        for (var s = 0; s < stacks.Count; s++)
        {
            var v = stacks.ValueOf(s);
            if (v == 0)
            {
                continue;
            }
            var names = stacks.FramesOf(s).ToArray().Select(id => stacks.Names[id]).ToList();
            foreach (var name in names.Distinct())
            {
                expected.TryGetValue(name, out var e);
                expected[name] = (e.Self, e.Total + v);
            }
            var leaf = names[^1];
            expected[leaf] = (expected[leaf].Self + v, expected[leaf].Total);
        }

        FunctionTable.Build(stacks).SortedByName().Should().Equal(expected.Select(kv => new FunctionStat(kv.Key, kv.Value.Self, kv.Value.Total)));
    }
}
