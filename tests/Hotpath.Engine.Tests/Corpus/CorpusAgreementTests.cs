using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Stacks;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Corpus;

/// <summary>
/// Every corpus pprof file google/pprof reads, every sample type: the engine's totals, folded stacks
/// and top tables equal google/pprof's (truth files and the Go reference program).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public sealed class CorpusAgreementTests
{
    private static IEnumerable<TestCaseData> Files() => CorpusFiles.Cases();

    [TestCaseSource(nameof(Files))]
    public void Totals_equal_the_plain_sums_in_truth(CorpusFiles.Summary file)
    {
        var profile = Read(file);
        var types = Enumerable.Range(0, profile.SampleTypes.Length).Select(i => profile.SampleTypeName(i) + "/" + profile.SampleTypeUnit(i));
        types.Should().Equal(file.SampleTypes);
        var totals = new long[profile.SampleTypes.Length];
        for (var s = 0; s < profile.SampleCount; s++)
        {
            var values = profile.ValuesOf(s);
            for (var t = 0; t < totals.Length; t++)
            {
                totals[t] += values[t];
            }
        }
        totals.Should().Equal(file.FileTotals);
    }

    [TestCaseSource(nameof(Files))]
    public void Folded_stacks_equal_google_pprof(CorpusFiles.Summary file)
    {
        var profile = Read(file);
        var reference = GoReference.Folded(CorpusFiles.PathOf(file.File));
        reference.Keys.Should().BeEquivalentTo(Enumerable.Range(0, profile.SampleTypes.Length));
        for (var t = 0; t < profile.SampleTypes.Length; t++)
        {
            var expected = reference[t].Lines.ToArray();
            Array.Sort(expected, StringComparer.Ordinal);
            var actual = FoldedFormat.Lines(Merge(profile, t));
            actual.Should().Equal(expected, $"sample type {t} ({reference[t].SampleType}) of {file.File}");
        }
    }

    [TestCaseSource(nameof(Files))]
    public void Top_tables_equal_go_tool_pprof(CorpusFiles.Summary file)
    {
        var profile = Read(file);
        var tables = PprofTruth.TopTables(CorpusFiles.PathOf(Path.Combine("truth", file.File + ".txt")));
        tables.Should().NotBeEmpty("the truth file has exact top tables");
        var compared = 0;
        foreach (var table in tables)
        {
            var functions = FunctionTable.Build(Merge(profile, table.SampleIndex)).SortedByName().ToDictionary(f => f.Name, StringComparer.Ordinal);
            var addressNodes = table.Rows.Any(r => PprofTruth.IsAddressNode(r.Name)) || functions.Keys.Any(n => n.StartsWith("0x", StringComparison.Ordinal));
            foreach (var row in table.Rows.Where(r => !PprofTruth.IsAddressNode(r.Name)))
            {
                functions.TryGetValue(row.Name, out var f).Should().BeTrue($"pprof lists '{row.Name}' in sample index {table.SampleIndex} of {file.File}");
                (f.Self, f.Total).Should().Be((row.Flat, row.Cum), $"{row.Name}, sample index {table.SampleIndex}, {(table.Cumulative ? "-cum" : "-flat")}");
                compared++;
            }
            if (!addressNodes)
            {
                functions.Count.Should().Be(table.NodesOutOf, $"pprof's node count for sample index {table.SampleIndex}");
            }
        }
        if (compared == 0)
        {
            // Address-only profiles: pprof names every node after its binary, so names cannot match;
            // totals still must.
            Assert.Pass("only address nodes in pprof's table; folded and totals tests cover this file");
        }
    }

    [TestCaseSource(nameof(Files))]
    public void Writing_and_reading_back_gives_the_same_profile(CorpusFiles.Summary file)
    {
        var profile = Read(file);
        var again = PprofReader.Read(PprofWriter.Write(profile), file.File + " (rewritten)");
        ProfileAssertions.ShouldBeSame(again, profile);
    }

    internal static Profile Read(CorpusFiles.Summary file) => PprofReader.Read(CorpusFiles.Read(file.File), file.File);

    internal static StackSet Merge(Profile profile, int sampleType)
    {
        var merger = new ProfileMerger();
        merger.Add(profile, sampleType);
        return merger.Stacks;
    }
}
