using FluentAssertions;
using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Sandwich;
using Hotpath.Engine.Tests.StackFixtures;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Sandwich;

public class SandwichViewTests
{
    [Test]
    public void Callees_start_at_the_outermost_call_and_callers_end_at_the_innermost()
    {
        var stacks = FoldedText.Lines("main;f;g 3", "main;f;f;h 2", "main;x;f 4", "x;y 5");

        var view = SandwichView.Build(stacks, "f");

        TreeText.Render(view.Callees).Should().Be(TreeText.Lines(
            "f self=4 total=9",
            "  f self=0 total=2",
            "    h self=2 total=2",
            "  g self=3 total=3"));
        TreeText.Render(view.Callers).Should().Be(TreeText.Lines(
            "f self=0 total=9",
            "  f self=0 total=2",
            "    main self=2 total=2",
            "  main self=3 total=3",
            "  x self=0 total=4",
            "    main self=4 total=4"));
        view.Total.Should().Be(9);
        view.Self.Should().Be(4);
    }

    [TestCase(81)]
    [TestCase(82)]
    public void Both_sides_carry_the_function_tables_exact_total(int seed)
    {
        var stacks = RandomStacks.Generate(seed, stacks: 3_000);
        var table = FunctionTable.Build(stacks);

        foreach (var row in table.SortedBySelf().Take(15))
        {
            var view = SandwichView.Build(stacks, row.Name);
            view.Total.Should().Be(row.Total, row.Name);
            view.Self.Should().Be(row.Self, row.Name);
            view.Callees.TotalValue.Should().Be(row.Total, row.Name);
            view.Callers.TotalValue.Should().Be(row.Total, row.Name);
            view.Callees.Count.Should().BeGreaterThan(1);
            view.Callees.NameOf(1).Should().Be(row.Name);
            view.Callers.NameOf(1).Should().Be(row.Name);
            view.Callers.Total[1].Should().Be(row.Total, "the function is the single child of the callers root");
        }
    }

    [Test]
    public void Several_sets_merge_by_name()
    {
        var merged = SandwichView.Build([FoldedText.Lines("main;f;g 3"), FoldedText.Lines("g;main;f 2", "main;f;g 1")], "f");

        TreeText.Render(merged.Callees).Should().Be(TreeText.Lines(
            "f self=2 total=6",
            "  g self=4 total=4"));
        TreeText.Render(merged.Callers).Should().Be(TreeText.Lines(
            "f self=0 total=6",
            "  main self=4 total=6",
            "    g self=2 total=2"));
    }

    [Test]
    public void An_unknown_function_gives_empty_sides()
    {
        var view = SandwichView.Build(FoldedText.Lines("a;b 1"), "nope");

        view.Callers.Count.Should().Be(1);
        view.Callees.Count.Should().Be(1);
        view.Total.Should().Be(0);
    }
}
