using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Google.Protobuf;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Stacks;
using Hotpath.Engine.Tests.Support;
using Hotpath.Plugin.Pyroscope.Wire.Push;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Pyroscope.Serve;

/// <summary>
/// Profiles made at test time by Go's runtime/pprof, pushed to a real <c>serve</c> through Push and
/// through /ingest, read back with SelectMergeProfile and SelectMergeStacktraces (Connect proto and
/// JSON) and compared exactly with the engine's merge and google/pprof's merge of the same files.
/// </summary>
[NonParallelizable]
public sealed class GoProfileReadBackTests
{
    private const string AllocSpace = "memory:alloc_space:bytes:space:bytes";
    private ServeProcess _server = null!;
    private string _files = null!;
    private long _start;
    private long _end;

    private static readonly (string Service, string Type, string File, string SampleType)[] Cases =
    [
        ("go-push", PyroscopeClient.CpuType, "cpu.pb.gz", "cpu"),
        ("go-push", AllocSpace, "heap.pb.gz", "alloc_space"),
        ("go-ingest", PyroscopeClient.CpuType, "cpu.pb.gz", "cpu"),
        ("go-ingest-raw", AllocSpace, "heap.pb.gz", "alloc_space"),
    ];

    [OneTimeSetUp]
    public async Task PushFreshGoProfiles()
    {
        var cpu = GoProfiles.Cpu;
        var heap = GoProfiles.Heap;
        _files = GoReference.TempDirectory("serve-go-readback");
        await File.WriteAllBytesAsync(Path.Combine(_files, "cpu.pb.gz"), cpu);
        await File.WriteAllBytesAsync(Path.Combine(_files, "heap.pb.gz"), heap);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        (_start, _end) = (now - 3_600_000, now + 600_000);

        _server = await ServeProcess.StartAsync(ServeProcess.NewDataPath());
        using var client = new PyroscopeClient(_server.Url, json: false);

        // Push: one request, two series, as pyroscope-go sends them.
        var push = new PushRequest();
        push.Series.Add(Series("process_cpu", "go-push", cpu));
        push.Series.Add(Series("memory", "go-push", heap));
        await client.PushAsync(push);

        // /ingest, multipart as the older SDKs send it, and a raw body as @pyroscope/nodejs does.
        using var multipart = new MultipartFormDataContent();
        var part = new ByteArrayContent(cpu);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        multipart.Add(part, "profile", "profile.pprof");
        var ingest = await client.Http.PostAsync("/ingest?name=go-ingest%7Benv%3Dtest%7D&format=pprof&spyName=gospy", multipart);
        ingest.StatusCode.Should().Be(HttpStatusCode.OK, await ingest.Content.ReadAsStringAsync());

        using var raw = new ByteArrayContent(heap);
        raw.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var ingestRaw = await client.Http.PostAsync("/pyroscope/ingest?name=go-ingest-raw&format=pprof&spyName=gospy", raw);
        ingestRaw.StatusCode.Should().Be(HttpStatusCode.OK, await ingestRaw.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _server.DisposeAsync();
        ServeProcess.DeleteData(_server.DataPath);
    }

    private static RawProfileSeries Series(string name, string service, byte[] pprof)
    {
        var series = new RawProfileSeries();
        series.Labels.Add(new LabelPair { Name = "__name__", Value = name });
        series.Labels.Add(new LabelPair { Name = "service_name", Value = service });
        series.Labels.Add(new LabelPair { Name = "region", Value = "eu-north" });
        series.Samples.Add(new RawSample { RawProfile = ByteString.CopyFrom(pprof), ID = Guid.NewGuid().ToString() });
        return series;
    }

    private StackSet EngineMerge(string file, string sampleType)
    {
        var profile = PprofReader.Read(File.ReadAllBytes(Path.Combine(_files, file)), file);
        var merger = new ProfileMerger();
        merger.Add(profile, profile.SampleTypeIndex(sampleType));
        return merger.Stacks;
    }

    private static IEnumerable<TestCaseData> Each() =>
        from c in Cases from json in new[] { false, true } select new TestCaseData(c.Service, c.Type, c.File, c.SampleType, json);

    [TestCaseSource(nameof(Each))]
    public async Task SelectMergeProfile_is_the_engines_and_pprofs_merge_of_the_file(string service, string type, string file, string sampleType, bool json)
    {
        using var client = new PyroscopeClient(_server.Url, json);

        var answer = await client.QueryAsync("SelectMergeProfile",
            new SelectMergeProfileRequest { ProfileTypeID = type, LabelSelector = $"{{service_name=\"{service}\"}}", Start = _start, End = _end },
            Hotpath.Plugin.Pyroscope.Wire.Pprof.Profile.Parser);

        var merged = PprofReader.Read(answer.ToByteArray(), "SelectMergeProfile");
        merged.SampleTypes.Should().ContainSingle();
        merged.SampleTypeName(0).Should().Be(sampleType);
        var again = new ProfileMerger();
        again.Add(merged, 0);
        var lines = FoldedFormat.Lines(again.Stacks);
        lines.Should().NotBeEmpty();
        lines.Should().Equal(FoldedFormat.Lines(EngineMerge(file, sampleType)));

        var path = Path.Combine(_files, file);
        var reference = PprofReader.Read(File.ReadAllBytes(path), file);
        var pprofLines = GoReference.Folded(path)[reference.SampleTypeIndex(sampleType)].Lines.ToArray();
        Array.Sort(pprofLines, StringComparer.Ordinal);
        lines.Should().Equal(pprofLines, "google/pprof merges the same file into the same stacks");
    }

    [TestCaseSource(nameof(Each))]
    public async Task SelectMergeStacktraces_is_the_engines_flamebearer_of_the_file(string service, string type, string file, string sampleType, bool json)
    {
        using var client = new PyroscopeClient(_server.Url, json);

        foreach (var maxNodes in new long[] { 0, 16 })
        {
            var flame = await client.FlameGraphAsync(type, $"{{service_name=\"{service}\"}}", _start, _end, maxNodes);

            var expected = Flamebearer.From(NestedSetFlameGraph.FromStacks([EngineMerge(file, sampleType)], maxNodes == 0 ? 8192 : maxNodes));
            flame.Names.Should().Equal(expected.Names);
            flame.Levels.Select(l => l.Values.ToArray()).Should().BeEquivalentTo(expected.Levels, o => o.WithStrictOrdering());
            flame.Total.Should().Be(expected.Total).And.BeGreaterThan(0);
            flame.MaxSelf.Should().Be(expected.MaxSelf);
            if (maxNodes == 16)
            {
                flame.Names.Should().Contain("other", "16 nodes cannot hold a Go profile");
            }
        }
    }

    [Test]
    public async Task Series_labels_come_from_the_push_the_ingest_name_and_the_pprof_labels()
    {
        using var client = new PyroscopeClient(_server.Url, json: true);

        (await client.LabelValuesAsync("service_name", _start, _end)).Names.Should().Equal("go-ingest", "go-ingest-raw", "go-push");
        (await client.LabelValuesAsync("env", _start, _end, "{service_name=\"go-ingest\"}")).Names.Should().Equal("test");
        (await client.LabelValuesAsync("pyroscope_spy", _start, _end, "{service_name=~\"go-ingest.*\"}")).Names.Should().Equal("gospy");
        // runtime/pprof labels (pprof.Do) split the CPU profile into one series per value.
        (await client.LabelValuesAsync("kind", _start, _end, "{service_name=\"go-push\"}", "{__name__=\"process_cpu\"}")).Names
            .Should().Equal("background", "foreground");

        var types = await client.QueryAsync("ProfileTypes", new ProfileTypesRequest { Start = _start, End = _end }, ProfileTypesResponse.Parser);
        types.ProfileTypes.Select(t => t.ID).Should().Equal(
            "memory:alloc_objects:count:space:bytes", AllocSpace, "memory:inuse_objects:count:space:bytes", "memory:inuse_space:bytes:space:bytes",
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds", "process_cpu:samples:count:cpu:nanoseconds");
    }

    [Test]
    public async Task SelectSeries_totals_are_the_profiles_totals_grouped_by_label()
    {
        using var client = new PyroscopeClient(_server.Url, json: false);
        var total = EngineMerge("cpu.pb.gz", "cpu").Values.ToArray().Sum();

        var series = await client.SeriesAsync(PyroscopeClient.CpuType, "{}", _start, _end, 3600, "service_name");

        series.Series.Select(s => s.Labels.Single().Value).Should().Equal("go-ingest", "go-push");
        foreach (var s in series.Series)
        {
            s.Points.Sum(p => p.Value).Should().Be(total);
        }
    }
}
