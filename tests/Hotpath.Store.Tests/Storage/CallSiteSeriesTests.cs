using FluentAssertions;
using Hotpath.Engine.Selection;
using Hotpath.Engine.Stacks;
using Hotpath.Store.Demo;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;
using Hotpath.Store.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Store.Tests.Storage;

/// <summary>SelectSeries restricted to a call site: each profile's value is its stacks beginning with the call site.</summary>
public class CallSiteSeriesTests
{
    private const string SamplesType = "process_cpu:samples:count:cpu:nanoseconds";
    private const string CpuType = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly long T0Ms = Now.ToUnixTimeMilliseconds() - 3_600_000;

    private TempFolder _folder = null!;
    private ProfileStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        _store = ProfileStore.Open(_folder.Path, new StoreOptions { Time = new FakeTime(Now), SweepInterval = null });
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    private Task Ingest(string service, long timeMs, params (string Stack, long Samples)[] stacks) =>
        _store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", service)), Profiles.Cpu(timeMs * 1_000_000, stacks)));

    [Test]
    public async Task Only_stacks_beginning_with_the_call_site_count_and_a_profile_without_it_counts_as_zero()
    {
        await Ingest("api", T0Ms, ("main;serve;parse", 3), ("main;serve", 1), ("main;gc", 7));
        await Ingest("web", T0Ms + 5_000, ("main;gc", 2));
        await Ingest("api", T0Ms + 10_000, ("main;serve;render", 4), ("other;main;serve", 100));
        var query = new SeriesQuery(SamplesType, "{}", new TimeRange(T0Ms, T0Ms + 10_000), 10) { CallSite = ["main", "serve"] };

        var sum = await _store.SelectSeriesAsync(query);
        // (T0−10 s, T0] → 3 + 1; (T0, T0+10 s] → web has no such stack (0) + 4; "other;main;serve" does not begin with it.
        sum.Should().ContainSingle().Which.Points.Should().Equal(new SeriesPoint(T0Ms, 4), new SeriesPoint(T0Ms + 10_000, 4));

        var average = await _store.SelectSeriesAsync(query with { Aggregation = SeriesAggregation.Average });
        average[0].Points.Should().Equal(new SeriesPoint(T0Ms, 4), new SeriesPoint(T0Ms + 10_000, 2));

        var grouped = await _store.SelectSeriesAsync(query with { GroupBy = ["service_name"] });
        grouped.Select(s => s.Labels.ToString()).Should().Equal("{service_name=\"api\"}", "{service_name=\"web\"}");
        grouped[0].Points.Should().Equal(new SeriesPoint(T0Ms, 4), new SeriesPoint(T0Ms + 10_000, 4));
        grouped[1].Points.Should().Equal(new SeriesPoint(T0Ms + 10_000, 0));

        var top = await _store.SelectSeriesAsync(query with { GroupBy = ["service_name"], Limit = 1 });
        top.Should().ContainSingle().Which.Labels.ToString().Should().Be("{service_name=\"api\"}");

        var leaf = await _store.SelectSeriesAsync(query with { CallSite = ["main", "serve", "parse"] });
        leaf[0].Points.Should().Equal(new SeriesPoint(T0Ms, 3), new SeriesPoint(T0Ms + 10_000, 0));

        var deeperThanAnyStack = await _store.SelectSeriesAsync(query with { CallSite = ["main", "serve", "parse", "lex", "scan"] });
        deeperThanAnyStack[0].Points.Select(p => p.Value).Should().OnlyContain(v => v == 0);
    }

    [Test]
    public async Task Bad_step_and_profile_type_are_refused_with_a_call_site_too()
    {
        var query = new SeriesQuery(SamplesType, "{}", new TimeRange(T0Ms, T0Ms + 10_000), 0.0001) { CallSite = ["main"] };
        await FluentActions.Awaiting(() => _store.SelectSeriesAsync(query)).Should().ThrowAsync<ArgumentException>().WithMessage("step must be >= 1ms");
        await FluentActions.Awaiting(() => _store.SelectSeriesAsync(query with { StepSeconds = 10, ProfileType = "cpu" }))
            .Should().ThrowAsync<ArgumentException>().WithMessage("profile-type selection must be of the form*got(1): \"cpu\"");
    }

    /// <summary>On the demo shop: every bucket equals the total of MergeStacks(call site) over that bucket's range, per group.</summary>
    [TestCase(CpuType, 300, "")]
    [TestCase(CpuType, 120, "region")]
    [TestCase("memory:alloc_space:bytes:space:bytes", 600, "pod")]
    public async Task Each_bucket_equals_the_merged_call_site_total_over_that_bucket(string type, double stepSeconds, string groupBy)
    {
        var demo = await DemoData.Seed(_store, Now, 1, 7, 60);
        var range = new TimeRange(T0Ms, Now.ToUnixTimeMilliseconds());
        var service = $"{{service_name=\"{demo.SpikeService}\"}}";
        var whole = await _store.MergeStacksAsync(type, service, range);
        whole.Count.Should().BeGreaterThan(0);
        foreach (var callSite in CallSitesOf(whole))
        {
            var query = new SeriesQuery(type, service, range, stepSeconds)
            {
                CallSite = callSite,
                GroupBy = groupBy.Length == 0 ? [] : [groupBy],
            };
            var series = await _store.SelectSeriesAsync(query);
            series.Should().NotBeEmpty();
            var stepMs = (long)(stepSeconds * 1000);
            foreach (var s in series)
            {
                var selector = s.Labels.Count == 0 ? service : $"{{service_name=\"{demo.SpikeService}\", {groupBy}=\"{s.Labels.Get(groupBy)}\"}}";
                foreach (var point in s.Points)
                {
                    var bucket = new TimeRange(point.TimestampMs - stepMs + 1, point.TimestampMs);
                    var merged = await _store.MergeStacksAsync(type, selector, bucket, callSite);
                    point.Value.Should().Be(Total(merged), $"call site {string.Join(';', callSite)}, {s.Labels}, bucket ending {point.TimestampMs}");
                }
            }
            var all = await _store.MergeStacksAsync(type, service, range, callSite);
            series.Sum(s => s.Points.Sum(p => p.Value)).Should().Be(Total(all));
        }
    }

    /// <summary>Call sites taken from the data: the heaviest stack's first one and two frames, and its whole length.</summary>
    private static IEnumerable<string[]> CallSitesOf(StackSet stacks)
    {
        var heaviest = Enumerable.Range(0, stacks.Count).MaxBy(stacks.ValueOf);
        var frames = stacks.FramesOf(heaviest).ToArray().Select(f => stacks.Names[f]).ToArray();
        frames.Length.Should().BeGreaterThan(2);
        return [frames[..1], frames[..2], frames];
    }

    private static double Total(StackSet stacks)
    {
        long total = 0;
        for (var i = 0; i < stacks.Count; i++)
        {
            total += stacks.ValueOf(i);
        }
        return total;
    }
}
