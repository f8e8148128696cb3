using FluentAssertions;
using Hotpath.Engine.CallTrees;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Sandwich;
using Hotpath.Engine.Tests.StackFixtures;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.FlameGraphs;

/// <summary>
/// Real Java stacks from Pyroscope's own converter expectations: every output checked against the
/// reference algorithms and against each other.
/// </summary>
public class PyroscopeCorpusTests
{
    [Test]
    public void Flamebearers_of_real_series_equal_the_reference_at_several_sizes()
    {
        var series = 0;
        foreach (var (name, folded) in StackCorpus.PyroscopeCollapsedSeries())
        {
            var stacks = FoldedText.Parse(folded);
            var reference = ReferenceTree.FromStacks(stacks);
            var tree = CallTree.FromStacks(stacks);
            foreach (var maxNodes in new long[] { 0, 8, 100, 8192 })
            {
                var fb = Flamebearer.Build(tree, maxNodes);
                var expected = ReferenceTree.FlameGraph(reference, maxNodes);
                fb.Names.Should().Equal(expected.Names, $"{name} at {maxNodes}");
                for (var level = 0; level < expected.Levels.Count; level++)
                {
                    fb.Levels[level].Should().Equal(expected.Levels[level], $"{name} at {maxNodes}, level {level}");
                }
                fb.MaxSelf.Should().Be(expected.MaxSelf);
            }
            series++;
        }
        series.Should().BeGreaterThan(10);
    }

    [Test]
    public void Recursive_real_stacks_give_sandwiches_with_the_function_tables_totals()
    {
        foreach (var (name, folded) in StackCorpus.PyroscopeCollapsedSeries())
        {
            var stacks = FoldedText.Parse(folded);
            var table = FunctionTable.Build(stacks);
            table.GrandTotal.Should().Be(CallTree.FromStacks(stacks).TotalValue, name);
            foreach (var row in table.SortedBySelf().Take(5))
            {
                var view = SandwichView.Build(stacks, row.Name);
                view.Callers.TotalValue.Should().Be(row.Total, $"{name}: {row.Name}");
                view.Callees.TotalValue.Should().Be(row.Total, $"{name}: {row.Name}");
                view.Self.Should().Be(row.Self, $"{name}: {row.Name}");
            }
        }
    }
}
