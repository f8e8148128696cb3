using System.Text.Json;
using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Selection;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;
using Hotpath.Store.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Store.Tests.Storage;

/// <summary>Every readable pprof file of the corpus goes in; what comes out equals the engine's own merge.</summary>
public class CorpusMergeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static List<string> PprofFiles()
    {
        var summary = Corpus.PathOf("truth/summary.jsonl");
        var files = new List<string>();
        foreach (var line in File.ReadLines(summary))
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            if (e.GetProperty("raw_rc").GetInt32() == 0 && e.GetProperty("format").GetString() is "gzip+pprof-proto" or "pprof-proto")
            {
                files.Add(e.GetProperty("file").GetString()!);
            }
        }
        return files;
    }

    [Test]
    public async Task Merge_stacks_of_each_corpus_file_equals_the_engine_merge_exactly()
    {
        var files = PprofFiles();
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Corpus.PathOf("truth/summary.jsonl")))!;
        using var folder = new TempFolder();
        using var store = ProfileStore.Open(folder.Path, new StoreOptions { Time = new FakeTime(Now) });
        var timeMs = Now.ToUnixTimeMilliseconds() - 60_000;
        var range = new TimeRange(timeMs, timeMs);
        var compared = 0;
        var stacksCompared = 0L;
        for (var i = 0; i < files.Count; i++)
        {
            Profile profile;
            try
            {
                profile = PprofReader.Read(await File.ReadAllBytesAsync(Path.Combine(root, files[i])), files[i]);
            }
            catch (PprofFormatException)
            {
                continue;   // Files the engine refuses are the engine tests' business.
            }
            var ids = ProfileTypeMapping.All(profile).Select(t => t.ToString()).ToArray();
            if (profile.SampleTypes.Length == 0 || ids.Distinct().Count() != ids.Length || ids.Any(id => id.Split(':')[1].Length == 0))
            {
                continue;
            }
            var service = $"file{i}";
            await store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", service)), profile, TimeNanos: timeMs * 1_000_000));
            for (var t = 0; t < ids.Length; t++)
            {
                var merger = new ProfileMerger();
                merger.Add(profile, t);
                var stored = await store.MergeStacksAsync(ids[t], $"{{service_name=\"{service}\"}}", range);
                var expected = FoldedFormat.Lines(merger.Stacks);
                FoldedFormat.Lines(stored).Should().Equal(expected, $"{files[i]} sample type {ids[t]}");
                stacksCompared += expected.Length;
                compared++;
            }
        }
        TestContext.Out.WriteLine($"{compared} (file, sample type) pairs, {stacksCompared} stacks compared");
        compared.Should().BeGreaterThan(100);
    }

    [Test]
    public async Task Merging_several_real_profiles_over_a_range_equals_the_engine_merge()
    {
        string[] files =
        [
            "grafana-pyroscope/pkg/og/convert/jfr/testdata/cortex-dev-01__kafka-0__cpu__0.jfr.gz.process_cpu_cpu_nanoseconds_cpu_nanoseconds.17241709254077376921.pb.gz",
            "grafana-pyroscope/pkg/og/convert/jfr/testdata/cortex-dev-01__kafka-0__cpu__1.jfr.gz.process_cpu_cpu_nanoseconds_cpu_nanoseconds.17241709254077376921.pb.gz",
            "grafana-pyroscope/pkg/og/convert/jfr/testdata/cortex-dev-01__kafka-0__cpu__2.jfr.gz.process_cpu_cpu_nanoseconds_cpu_nanoseconds.17241709254077376921.pb.gz",
            "grafana-pyroscope/pkg/og/convert/jfr/testdata/cortex-dev-01__kafka-0__cpu__3.jfr.gz.process_cpu_cpu_nanoseconds_cpu_nanoseconds.17241709254077376921.pb.gz",
        ];
        using var folder = new TempFolder();
        using var store = ProfileStore.Open(folder.Path, new StoreOptions { Time = new FakeTime(Now) });
        var t0 = Now.ToUnixTimeMilliseconds() - 600_000;
        var engine = new ProfileMerger();
        for (var i = 0; i < files.Length; i++)
        {
            var profile = PprofReader.Read(await File.ReadAllBytesAsync(Corpus.PathOf(files[i])), files[i]);
            await store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "kafka"), ("pod", $"kafka-{i % 2}")), profile, TimeNanos: (t0 + i * 15_000) * 1_000_000));
            if (i < 3)
            {
                engine.Add(profile, 0);
            }
        }
        const string cpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
        var merged = await store.MergeStacksAsync(cpu, "{service_name=\"kafka\"}", new TimeRange(t0, t0 + 30_000));
        FoldedFormat.Lines(merged).Should().Equal(FoldedFormat.Lines(engine.Stacks));

        // Per-profile totals answer SelectSeries: the file totals from the corpus truth.
        var series = await store.SelectSeriesAsync(new SeriesQuery(cpu, "{}", new TimeRange(t0, t0 + 45_000), 15));
        series.Single().Points.Select(p => p.Value).Should().Equal(4780000000d, 6130000000d, 4820000000d, 6980000000d);
    }

    [Test]
    public async Task A_real_go_cpu_profile_with_sample_labels_answers_every_query()
    {
        const string file = "grafana-pyroscope/pkg/pprof/testdata/go.cpu.labels.pprof";
        var profile = PprofReader.Read(await File.ReadAllBytesAsync(Corpus.PathOf(file)), file);
        using var folder = new TempFolder();
        using var store = ProfileStore.Open(folder.Path, new StoreOptions { Time = new FakeTime(Now) });
        // No time given: the profile's own (2022-06-09 18:22:12.062 UTC) is used.
        var result = await store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "go-app")), profile));
        var timeMs = profile.TimeNanos / 1_000_000;
        var range = new TimeRange(timeMs, timeMs);
        (await store.StatsAsync()).Should().Be(new StoreStats(true, timeMs, timeMs));

        (await store.ProfileTypesAsync(range)).Select(t => t.ToString())
            .Should().Equal("process_cpu:cpu:nanoseconds:cpu:nanoseconds", "process_cpu:samples:count:cpu:nanoseconds");
        var names = await store.LabelNamesAsync("{}", range);
        names.Should().Contain(["foo", "function", "service_name", "__profile_type__"]).And.NotContain("profile_id");
        (await store.LabelValuesAsync("function", "{service_name=\"go-app\"}", range)).Should().Equal("fast", "slow");
        (await store.SeriesAsync("{}", range, ["function", "__type__"])).Select(s => s.ToString()).Should().Equal(
            "{__type__=\"cpu\"}", "{__type__=\"cpu\", function=\"fast\"}", "{__type__=\"cpu\", function=\"slow\"}",
            "{__type__=\"samples\"}", "{__type__=\"samples\", function=\"fast\"}", "{__type__=\"samples\", function=\"slow\"}");
        result.ProfileIds.Should().HaveCount(6, "two sample types × (function=fast, function=slow, no function)");

        // Totals from the corpus truth (go tool pprof): 873 samples, 8.73 s of CPU.
        var samples = await store.SelectSeriesAsync(new SeriesQuery("process_cpu:samples:count:cpu:nanoseconds", "{}", range, 10));
        samples.Single().Points.Should().Equal(new SeriesPoint(timeMs, 873));
        var cpu = await store.SelectSeriesAsync(new SeriesQuery("process_cpu:cpu:nanoseconds:cpu:nanoseconds", "{}", range, 10) { GroupBy = ["function"] });
        cpu.Select(s => s.Labels.ToString()).Should().Equal("{}", "{function=\"fast\"}", "{function=\"slow\"}");
        cpu.Sum(s => s.Points.Single().Value).Should().Be(8_730_000_000);

        var engine = new ProfileMerger(groupBy: ["function"]);
        engine.Add(profile, 1);
        var slow = engine.Groups.Single(g => g.LabelValues[0] == "slow").Stacks;
        FoldedFormat.Lines(await store.MergeStacksAsync("process_cpu:cpu:nanoseconds:cpu:nanoseconds", "{function=\"slow\"}", range))
            .Should().Equal(FoldedFormat.Lines(slow));
    }
}
