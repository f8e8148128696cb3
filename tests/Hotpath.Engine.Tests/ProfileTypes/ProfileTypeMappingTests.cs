using FluentAssertions;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.ProfileTypes;

public sealed class ProfileTypeMappingTests
{
    /// <summary>
    /// Pyroscope's JFR test data names each converted pprof after the profile type id Pyroscope
    /// gave it (…jfr.gz.&lt;id with ':' as '_'&gt;.&lt;hash&gt;.pb.gz); the mapping must give the same id.
    /// </summary>
    [Test]
    public void Jfr_conversions_get_the_ids_pyroscope_gave_them()
    {
        var root = CorpusFiles.RequireRoot();
        var dir = Path.Combine(root, "grafana-pyroscope", "pkg", "og", "convert", "jfr", "testdata");
        var files = Directory.GetFiles(dir, "*.jfr.gz.*.pb.gz");
        files.Should().NotBeEmpty();
        foreach (var path in files)
        {
            var name = Path.GetFileName(path);
            var marker = name.IndexOf(".jfr.gz.", StringComparison.Ordinal) + ".jfr.gz.".Length;
            var expected = name[marker..name.LastIndexOf('.', name.Length - ".pb.gz".Length - 1)];
            var profile = PprofReader.Read(File.ReadAllBytes(path), name);
            profile.SampleTypes.Should().HaveCount(1, name);
            ProfileTypeMapping.For(profile, 0).ToString().Replace(':', '_').Should().Be(expected, name);
        }
    }

    [TestCase("cpu", "cpu", "process_cpu")]
    [TestCase("samples", "cpu", "process_cpu")]
    [TestCase("sample", "wall", "wall")]
    [TestCase("cpu", "wall", "wall")]
    [TestCase("wall", "cpu", "wall")]
    [TestCase("inuse_space", "space", "memory")]
    [TestCase("alloc-samples", "cpu", "memory")]
    [TestCase("objects", "space", "memory")]
    [TestCase("contentions", "contentions", "mutex")]
    [TestCase("delay", "block", "block")]
    [TestCase("lock_time", "cpu", "lock")]
    [TestCase("exception", "cpu", "exception")]
    [TestCase("goroutine", "goroutine", "goroutine")]
    [TestCase("custom_thing", "", "custom_thing")]
    public void Names_follow_what_real_producers_end_up_with(string sampleType, string periodType, string name) =>
        ProfileTypeMapping.InferName(sampleType, periodType).Should().Be(name);

    [TestCase("inuse_space", TimeAggregation.Average)]
    [TestCase("goroutine", TimeAggregation.Average)]
    [TestCase("live", TimeAggregation.Average)]
    [TestCase("alloc_space", TimeAggregation.Sum)]
    [TestCase("cpu", TimeAggregation.Sum)]
    [TestCase("delay", TimeAggregation.Sum)]
    public void Snapshots_average_and_everything_else_sums(string sampleType, TimeAggregation aggregation) =>
        ProfileTypeMapping.AggregationOf(sampleType).Should().Be(aggregation);

    [Test]
    public void Ids_parse_with_five_or_six_parts()
    {
        ProfileTypeId.TryParse("memory:alloc_objects:count::", out var id).Should().BeTrue();
        id.Should().Be(new ProfileTypeId("memory", "alloc_objects", "count", "", ""));
        ProfileTypeId.TryParse("process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta", out id).Should().BeTrue();
        id.ToString().Should().Be("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        ProfileTypeId.TryParse("cpu:nanoseconds", out _).Should().BeFalse();
        ProfileTypeId.TryParse(":cpu:nanoseconds:cpu:nanoseconds", out _).Should().BeFalse();
    }
}
