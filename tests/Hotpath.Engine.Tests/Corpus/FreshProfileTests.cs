using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Corpus;

/// <summary>
/// Profiles made now by a real profiler (Go's runtime/pprof, tests/reference/goprofiler) read and
/// merge exactly as google/pprof reads and merges them.
/// </summary>
[NonParallelizable]
public sealed class FreshProfileTests
{
    private static readonly Lazy<string> Profiles = new(GoReference.FreshGoProfiles);

    [TestCase("cpu.pb.gz")]
    [TestCase("heap.pb.gz")]
    public void Folded_stacks_of_a_fresh_go_profile_equal_google_pprof(string name)
    {
        var path = Path.Combine(Profiles.Value, name);
        var profile = PprofReader.Read(File.ReadAllBytes(path), path);
        var reference = GoReference.Folded(path);
        for (var t = 0; t < profile.SampleTypes.Length; t++)
        {
            var merger = new ProfileMerger();
            merger.Add(profile, t);
            var expected = reference[t].Lines.ToArray();
            Array.Sort(expected, StringComparer.Ordinal);
            FoldedFormat.Lines(merger.Stacks).Should().Equal(expected, reference[t].SampleType);
        }
    }

    [Test]
    public void A_fresh_cpu_profile_shows_the_workload_recursion_and_labels()
    {
        var path = Path.Combine(Profiles.Value, "cpu.pb.gz");
        var profile = PprofReader.Read(File.ReadAllBytes(path), path);
        ProfileTypeMapping.All(profile).Select(id => id.ToString()).Should()
            .Equal("process_cpu:samples:count:cpu:nanoseconds", "process_cpu:cpu:nanoseconds:cpu:nanoseconds");

        var merger = new ProfileMerger(groupBy: ["kind"]);
        merger.Add(profile, profile.DefaultSampleTypeIndex());
        merger.Groups.Select(g => g.LabelValues[0]).Should().Contain(["foreground", "background"]);

        var all = new ProfileMerger();
        all.Add(profile, 1);
        var fib = FunctionTable.Build(all.Stacks).SortedByName().Single(f => f.Name == "main.fib");
        var deepest = Enumerable.Range(0, all.Stacks.Count).Max(s => Count(all.Stacks.FramesOf(s), all.Stacks.Names.TryGetId(fib.Name, out var fibId) ? fibId : -1));
        deepest.Should().BeGreaterThan(1, "fib is recursive");
        fib.Total.Should().BeLessThanOrEqualTo(all.Stacks.Values.ToArray().Sum(), "a recursive function counts once per stack");
    }

    private static int Count(ReadOnlySpan<int> frames, int id)
    {
        var n = 0;
        foreach (var f in frames)
        {
            n += f == id ? 1 : 0;
        }
        return n;
    }
}
