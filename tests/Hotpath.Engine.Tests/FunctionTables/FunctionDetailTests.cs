using FluentAssertions;
using Hotpath.Engine.CallTrees;
using Hotpath.Engine.FunctionDetails;
using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Stacks;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.FunctionTables;

/// <summary>
/// Function details and call tree tables on real profiles: both must agree with the function table
/// of the same merged stacks (go tool pprof's flat and cum), which is itself tested against pprof.
/// </summary>
public class FunctionDetailTests
{
    private const string LargeCpu = "google-pprof/internal/proftest/testdata/large.cpu";

    private static (Model.Profile Profile, int SampleType, StackSet Stacks) Load(string relative)
    {
        var profile = PprofReader.Read(CorpusFiles.Read(relative), relative);
        var sampleType = profile.SampleTypes.Length - 1;
        var merger = new ProfileMerger();
        merger.Add(profile, sampleType);
        return (profile, sampleType, merger.Stacks);
    }

    [Test]
    public void Every_functions_self_total_and_line_split_agree_with_the_function_table()
    {
        var (profile, sampleType, stacks) = Load(LargeCpu);
        var table = FunctionTable.Build(stacks);
        var withLines = 0;
        foreach (var function in table.SortedBySelf().Take(200))
        {
            var detail = FunctionDetail.Build(profile, sampleType, function.Name);
            detail.Self.Should().Be(function.Self, function.Name);
            detail.Total.Should().Be(function.Total, function.Name);
            detail.Lines.Sum(l => l.Self).Should().Be(function.Self, "a stack ends on exactly one line");
            detail.Lines.Should().NotContain(l => l.Total > function.Total || l.Self > l.Total);
            var ordered = detail.Lines.OrderBy(l => l.File, StringComparer.Ordinal).ThenBy(l => l.Line).ToList();
            detail.Lines.Should().Equal(ordered, "lines are sorted by file, then line");
            detail.Callers.Sum(c => c.Self).Should().BeLessThanOrEqualTo(function.Self);
            detail.Callers.Should().NotContain(c => c.Total > function.Total);
            detail.Callees.Should().BeInDescendingOrder(c => c.Total);
            withLines += detail.Lines.Count(l => l.Line > 0 && l.File.Length > 0);
        }
        withLines.Should().BePositive("the profile is symbolized, so lines are known");
    }

    [Test]
    public void A_function_not_in_the_profile_has_nothing()
    {
        var (profile, sampleType, _) = Load(LargeCpu);
        var detail = FunctionDetail.Build(profile, sampleType, "no.such.function");
        detail.Total.Should().Be(0);
        detail.Lines.Should().BeEmpty();
        detail.Callers.Should().BeEmpty();
    }

    [Test]
    public void Call_tree_tables_keep_the_total_and_invert_to_the_leaf_functions()
    {
        var (_, _, stacks) = Load(LargeCpu);
        var table = FunctionTable.Build(stacks);

        var topDown = CallTreeTable.Build(stacks, bottomUp: false, maxNodes: 1_000_000);
        topDown.Total.Should().Be(table.GrandTotal);
        topDown.Truncated.Should().Be(0);
        topDown.Rows.Sum(r => r.Self).Should().Be(table.GrandTotal);

        var bottomUp = CallTreeTable.Build(stacks, bottomUp: true, maxNodes: 1_000_000);
        bottomUp.Rows.Where(r => r.Depth == 0).Select(r => (r.Name, r.Total)).Should()
            .BeEquivalentTo(table.SortedBySelf().Where(f => f.Self > 0).Select(f => (f.Name, f.Self)));

        var cut = CallTreeTable.Build(stacks, bottomUp: false, maxNodes: 50);
        cut.Rows.Should().HaveCount(50);
        (cut.Rows.Sum(r => r.Self) + cut.Truncated).Should().Be(table.GrandTotal);
        cut.Rows[0].Depth.Should().Be(0);
        cut.Rows.Zip(cut.Rows.Skip(1)).Should().OnlyContain(p => p.Second.Depth <= p.First.Depth + 1);

        var act = () => CallTreeTable.Build(stacks, bottomUp: false, maxNodes: 0);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void Stack_paths_select_the_subtree_and_reverse_stacks()
    {
        var names = new NameTable();
        var stacks = new StackSet(names);
        int Id(string n) => names.Intern(n);
        stacks.Add([Id("main"), Id("work"), Id("leaf")], 5);
        stacks.Add([Id("main"), Id("work")], 3);
        stacks.Add([Id("main"), Id("idle")], 2);

        var under = StackPaths.Under(stacks, ["main", "work"]);
        under.Count.Should().Be(2);
        under.Values.ToArray().Sum().Should().Be(8);
        under.FramesOf(0).ToArray().Select(i => names[i]).Should().Equal("work", "leaf");
        StackPaths.StartingWith(stacks, ["main", "nope"]).Count.Should().Be(0);
        StackPaths.StartingWith(stacks, []).Should().BeSameAs(stacks);
        StackPaths.Reversed(stacks).FramesOf(0).ToArray().Select(i => names[i]).Should().Equal("leaf", "work", "main");
    }
}
