using FluentAssertions;
using Hotpath.Engine.Filters;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Filters;

/// <summary>
/// Frame filters and granularity agree with google/pprof's own FilterSamplesByName and Aggregate
/// (tests/reference/folded with <see cref="FilterCase.Standard"/>): on fresh Go profiles for every
/// sample type, and — for the names-only filter — on the stacks of every corpus file written back
/// as pprof. The command line's agreement on the whole corpus is tested in the CLI tests.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class FilterReferenceTests
{
    [TestCase("cpu.pb.gz")]
    [TestCase("heap.pb.gz")]
    public void Filtered_and_aggregated_fresh_profiles_fold_as_google_pprof(string name)
    {
        var path = Path.Combine(GoReference.FreshGoProfiles(), name);
        var profile = PprofReader.Read(File.ReadAllBytes(path), path);
        var reference = GoReference.Folded(FilterCase.Standard, path);
        for (var c = 0; c < FilterCase.Standard.Length; c++)
        {
            var options = Options(FilterCase.Standard[c]);
            var filtered = ProfileFilter.Apply(profile, options);
            for (var t = 0; t < profile.SampleTypes.Length; t++)
            {
                var merger = new ProfileMerger();
                merger.Add(filtered, t);
                FoldedFormat.Lines(merger.Stacks).Should().Equal(Sorted(reference[c][t].Lines), $"{FilterCase.Standard[c]}, {reference[c][t].SampleType}");
            }
        }
    }

    [Test]
    public void A_fresh_cpu_profile_keeps_what_the_filters_promise()
    {
        var path = Path.Combine(GoReference.FreshGoProfiles(), "cpu.pb.gz");
        var profile = PprofReader.Read(File.ReadAllBytes(path), path);
        var lines = Fold(profile, new StackOptions(FrameFilters.Parse(@"main\.fib", null, @"^runtime\.", null), Granularity.Lines));
        lines.Should().NotBeEmpty().And.OnlyContain(l => l.Contains("main.fib /") && !l.Split(';', StringSplitOptions.None).Any(f => f.StartsWith("runtime.", StringComparison.Ordinal)));
        lines.Should().Contain(l => l.Contains("main.leaf ") || l.Contains("main.fib "), "inlined frames stay expanded");
        lines.Should().OnlyContain(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"\.go:\d+ \d+$"), "lines granularity names file:line");
    }

    private static IEnumerable<TestCaseData> Files() => CorpusFiles.Cases();

    [TestCaseSource(nameof(Files))]
    public void Names_only_filters_equal_google_pprof_on_the_merged_profile_of_the_stacks(CorpusFiles.Summary file)
    {
        var profile = PprofReader.Read(CorpusFiles.Read(file.File), file.File);
        var type = profile.DefaultSampleTypeIndex();
        var merger = new ProfileMerger();
        merger.Add(profile, type);
        var stacks = merger.Stacks;
        // Each distinct frame becomes one location of one line with no file and no mapping.
        var merged = MergedProfile.Build(stacks, new MergedProfileHeader(profile.SampleTypeName(type), profile.SampleTypeUnit(type)));
        var dir = GoReference.TempDirectory("names-only");
        var written = Path.Combine(dir, Path.GetFileName(file.File) + "." + Guid.NewGuid().ToString("n") + ".pb.gz");
        File.WriteAllBytes(written, PprofWriter.Write(merged));
        try
        {
            var cases = FilterCase.Standard.Select(c => c with { Granularity = null }).ToArray();
            var reference = GoReference.Folded(cases, written);
            for (var c = 0; c < cases.Length; c++)
            {
                var filters = Options(cases[c]).Filters;
                FoldedFormat.Lines(StackFilter.Apply(stacks, filters)).Should().Equal(Sorted(reference[c][0].Lines), cases[c].ToString());
            }
        }
        finally
        {
            File.Delete(written);
        }
    }

    internal static StackOptions Options(FilterCase c) =>
        new(FrameFilters.Parse(c.Focus, c.Ignore, c.Hide, c.Show), Granularities.Parse("granularity", c.Granularity));

    private static string[] Fold(Profile profile, StackOptions options)
    {
        var merger = new ProfileMerger();
        merger.Add(ProfileFilter.Apply(profile, options), profile.DefaultSampleTypeIndex());
        return FoldedFormat.Lines(merger.Stacks);
    }

    private static string[] Sorted(List<string> lines)
    {
        var array = lines.ToArray();
        Array.Sort(array, StringComparer.Ordinal);
        return array;
    }
}
