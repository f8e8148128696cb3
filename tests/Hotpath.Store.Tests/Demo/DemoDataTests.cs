using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Selection;
using Hotpath.Store.Demo;
using Hotpath.Store.Storage;
using Hotpath.Store.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Store.Tests.Demo;

public class DemoDataTests
{
    private const string GoCpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private const string InuseSpace = "memory:inuse_space:bytes:space:bytes";
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 7, TimeSpan.Zero);

    private static TempFolder _folder = null!;
    private static ProfileStore _store = null!;
    private static DemoSummary _summary = null!;
    private static TimeRange _all;

    [OneTimeSetUp]
    public static async Task Seed()
    {
        _folder = new TempFolder();
        _store = ProfileStore.Open(_folder.Path, new StoreOptions { Time = new FakeTime(Now), SweepInterval = null });
        _summary = await DemoData.Seed(_store, Now, hours: 2, seed: 42, stepSeconds: 60);
        _all = TimeRange.From(Now.AddHours(-2), Now);
    }

    [OneTimeTearDown]
    public static void TearDown()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Test]
    public async Task Every_service_region_and_main_profile_type_is_there()
    {
        _summary.Profiles.Should().Be(120 * 2 * (1 * 2 + 3 * 5 + 2 * 4 + 1 * 1));
        (await _store.LabelValuesAsync("service_name", "{}", _all)).Should().Equal("ads", "cart", "catalog", "checkout", "frontend", "payment", "recommendation");
        (await _store.LabelValuesAsync("region", "{}", _all)).Should().Equal("eu-west-1", "us-east-1");
        (await _store.LabelValuesAsync("pod", "{service_name=\"cart\"}", _all)).Should().HaveCount(2);
        var types = (await _store.ProfileTypesAsync(_all)).Select(t => t.ToString()).ToList();
        types.Should().Contain([
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds", "process_cpu:samples:count:cpu:nanoseconds",
            "memory:alloc_objects:count:space:bytes", "memory:alloc_space:bytes:space:bytes",
            "memory:inuse_objects:count:space:bytes", "memory:inuse_space:bytes:space:bytes",
            "goroutine:goroutine:count:goroutine:count",
            "mutex:contentions:count:contentions:count", "mutex:delay:nanoseconds:contentions:count",
            "block:contentions:count:contentions:count", "block:delay:nanoseconds:contentions:count",
            "memory:alloc_in_new_tlab_objects:count:space:bytes", "mutex:delay:nanoseconds:mutex:count",
            "exception:exception:count::", "wall:wall:nanoseconds:wall:nanoseconds",
            "memory:inuse_space:bytes:inuse_space:bytes",
        ]);
        var javaFrames = FoldedFormat.Lines(await _store.MergeStacksAsync("exception:exception:count::", "{service_name=\"payment\"}", _all));
        javaFrames.Should().Contain(l => l.Contains("java.lang.Throwable.fillInStackTrace", StringComparison.Ordinal));
    }

    [Test]
    public async Task The_cpu_spike_is_findable_as_max_far_above_median_at_the_planted_time()
    {
        var series = await _store.SelectSeriesAsync(new SeriesQuery(GoCpu, "{}", _all, 60) { GroupBy = ["service_name"] });
        series.Select(s => s.Labels.Get("service_name")).Should().Equal("ads", "cart", "catalog", "checkout", "payment", "recommendation");
        foreach (var s in series)
        {
            var values = s.Points.Select(p => p.Value).Order().ToList();
            var median = values[values.Count / 2];
            var max = values[^1];
            if (s.Labels.Get("service_name") == _summary.SpikeService)
            {
                (max / median).Should().BeGreaterThan(2.5);
                var peak = s.Points.MaxBy(p => p.Value);
                peak.TimestampMs.Should().BeInRange(_summary.SpikeStart.ToUnixTimeMilliseconds(), _summary.SpikeEnd.ToUnixTimeMilliseconds());
            }
            else
            {
                (max / median).Should().BeLessThan(1.6, s.Labels.ToString());
            }
        }
        var during = FoldedFormat.Lines(await _store.MergeStacksAsync(GoCpu, "{service_name=\"checkout\"}",
            TimeRange.From(_summary.SpikeStart, _summary.SpikeEnd)));
        during.Should().Contain(l => l.Contains("pricing.(*Calculator).applyPromotions;regexp.MustCompile", StringComparison.Ordinal));
    }

    [Test]
    public async Task The_memory_regression_is_findable_in_inuse_space_and_by_version()
    {
        var series = await _store.SelectSeriesAsync(new SeriesQuery(InuseSpace, "{}", _all, 60)
        {
            GroupBy = ["service_name"],
            Aggregation = SeriesAggregation.Average,
        });
        var start = _summary.RegressionStart.ToUnixTimeMilliseconds();
        foreach (var s in series)
        {
            var before = s.Points.Where(p => p.TimestampMs < start).Average(p => p.Value);
            var lastQuarter = s.Points.Skip(s.Points.Count * 3 / 4).Average(p => p.Value);
            if (s.Labels.Get("service_name") == _summary.RegressionService)
            {
                (lastQuarter / before).Should().BeGreaterThan(3);
            }
            else
            {
                (lastQuarter / before).Should().BeInRange(0.6, 1.5, s.Labels.ToString());
            }
        }
        (await _store.LabelValuesAsync("version", "{service_name=\"cart\"}", _all)).Should().Equal("v1.8.2", "v1.9.0");
        var leak = FoldedFormat.Lines(await _store.MergeStacksAsync(InuseSpace, "{service_name=\"cart\", version=\"v1.9.0\"}", _all));
        leak.Should().Contain(l => l.Contains("session.(*Cache).Put", StringComparison.Ordinal));
    }

    [Test]
    public async Task The_same_seed_gives_the_same_data()
    {
        var lastHour = TimeRange.From(Now.AddHours(-1), Now);
        var q = new SeriesQuery(GoCpu, "{}", lastHour, 60) { GroupBy = ["pod"] };
        async Task<(string[] Stacks, SeriesPoint[] Points)> SeedAndRead(int seed)
        {
            using var folder = new TempFolder();
            using var store = ProfileStore.Open(folder.Path, new StoreOptions { Time = new FakeTime(Now), SweepInterval = null });
            await DemoData.Seed(store, Now, hours: 1, seed: seed, stepSeconds: 60);
            var stacks = FoldedFormat.Lines(await store.MergeStacksAsync(GoCpu, "{service_name=\"catalog\"}", lastHour));
            var points = (await store.SelectSeriesAsync(q)).SelectMany(s => s.Points).ToArray();
            return (stacks, points);
        }
        var a = await SeedAndRead(42);
        var b = await SeedAndRead(42);
        var c = await SeedAndRead(7);
        a.Stacks.Should().NotBeEmpty();
        b.Stacks.Should().Equal(a.Stacks);
        b.Points.Should().Equal(a.Points);
        c.Stacks.Should().NotEqual(a.Stacks, "another seed gives other values");
    }
}
