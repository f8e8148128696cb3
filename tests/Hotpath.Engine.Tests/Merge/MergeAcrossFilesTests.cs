using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Merge;

/// <summary>Merging several real profiles equals google/pprof's Merge of the same files.</summary>
public sealed class MergeAcrossFilesTests
{
    private static IEnumerable<TestCaseData> MergeSets()
    {
        var root = CorpusFiles.Root;
        if (root is null)
        {
            yield return new TestCaseData("").SetName("corpus absent").Ignore($"corpus not found: set {CorpusFiles.Variable}");
            yield break;
        }
        foreach (var txt in Directory.GetFiles(Path.Combine(root, "truth", "merges"), "*.txt").Order(StringComparer.Ordinal))
        {
            yield return new TestCaseData(Path.GetFileNameWithoutExtension(txt)).SetName(Path.GetFileNameWithoutExtension(txt));
        }
    }

    [TestCaseSource(nameof(MergeSets))]
    public void Merged_folded_stacks_equal_google_pprof_merge(string name)
    {
        var inputs = Inputs(name);
        inputs.Should().HaveCountGreaterThan(1);
        var profiles = inputs.Select(f => PprofReader.Read(CorpusFiles.Read(f), f)).ToList();
        var reference = GoReference.Folded([.. inputs.Select(CorpusFiles.PathOf)]);
        var pprofMerged = PprofReader.Read(CorpusFiles.Read(Path.Combine("truth", "merges", name + ".merged.pb.gz")), name);

        for (var t = 0; t < profiles[0].SampleTypes.Length; t++)
        {
            var merger = new ProfileMerger();
            foreach (var p in profiles)
            {
                merger.Add(p, SampleTypeChoice.Resolve(p, profiles[0].SampleTypeName(t), name));
            }
            var expected = reference[t].Lines.ToArray();
            Array.Sort(expected, StringComparer.Ordinal);
            var lines = FoldedFormat.Lines(merger.Stacks);
            lines.Should().Equal(expected, $"sample type {reference[t].SampleType}");

            var fromPprofFile = new ProfileMerger();
            fromPprofFile.Add(pprofMerged, t);
            FoldedFormat.Lines(fromPprofFile.Stacks).Should().Equal(lines, "go tool pprof -proto's merged file holds the same stacks");
            Sum(profiles, t).Should().Be(Sum([pprofMerged], t));
        }
    }

    [Test]
    public void Grouping_by_a_label_splits_stacks_and_keeps_the_sum()
    {
        var file = "grafana-pyroscope/pkg/og/convert/pprof/testdata/cpu-exemplars.pb.gz";
        var path = CorpusFiles.PathOf(file);
        if (!File.Exists(path))
        {
            Assert.Ignore($"{file} not in this corpus copy");
        }
        var profile = PprofReader.Read(File.ReadAllBytes(path), file);
        var t = profile.DefaultSampleTypeIndex();
        var grouped = new ProfileMerger(groupBy: ["function"]);
        grouped.Add(profile, t);
        var plain = new ProfileMerger(grouped.Names);
        plain.Add(profile, t);

        grouped.Groups.Should().HaveCountGreaterThan(1);
        grouped.Groups.Sum(g => g.Stacks.Values.ToArray().Sum()).Should().Be(plain.Stacks.Values.ToArray().Sum());
        var expectedGroups = Enumerable.Range(0, profile.SampleCount)
            .Where(s => profile.ValuesOf(s)[t] != 0)
            .Select(s => profile.LabelsOf(s).ToArray().Where(l => profile.Strings[l.Key] == "function").Select(l => profile.Strings[l.Str]).FirstOrDefault() ?? "")
            .Distinct().Count();
        grouped.Groups.Should().HaveCount(expectedGroups);
    }

    private static long Sum(IEnumerable<Profile> profiles, int t) =>
        profiles.Sum(p => Enumerable.Range(0, p.SampleCount).Sum(s => p.ValuesOf(s)[t]));

    private static List<string> Inputs(string name) =>
        File.ReadLines(CorpusFiles.PathOf(Path.Combine("truth", "merges", name + ".txt")))
            .SkipWhile(l => l != "# inputs:").Skip(1)
            .TakeWhile(l => l.StartsWith("#   ", StringComparison.Ordinal))
            .Select(l => l[4..].Trim()).ToList();
}
