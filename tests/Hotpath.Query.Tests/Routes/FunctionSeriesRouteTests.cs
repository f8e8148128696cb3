using System.Text.Json;
using FluentAssertions;
using Hotpath.Engine.Selection;
using Hotpath.Query.Settings;
using Hotpath.Query.Tests.Routes.Support;
using Hotpath.Store.Storage;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Routes;

public class FunctionSeriesRouteTests
{
    private const string Cpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private const string Checkout = "{service_name=\"checkout\"}";

    [Test]
    public async Task FunctionSeries_PointsAreTheStoresCallSiteMergesOfTheirBuckets()
    {
        var demo = await SeededStore.SharedAsync();
        var callSite = await CallPathOfAStackAsync(demo.Store);
        var json = JsonSerializer.Serialize(callSite);

        var answer = await RouteCall.GetAsync(demo.Instance(), "function-series",
            $"profileType={Cpu}&selector={RouteCall.Escape(Checkout)}&groupBy=pod&step=600&callSite={RouteCall.Escape(json)}&{RouteCall.RangeQuery(SeededStore.Range)}");

        answer.Status.Should().Be(200, answer.Text);
        var series = answer.Json.GetProperty("series").EnumerateArray().ToList();
        series.Should().HaveCount(2, "checkout runs two pods");
        foreach (var s in series)
        {
            var pod = s.GetProperty("labels").GetProperty("pod").GetString();
            var timestamps = s.GetProperty("timestamps").EnumerateArray().Select(t => t.GetInt64()).ToList();
            var values = s.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
            for (var i = 0; i < timestamps.Count; i++)
            {
                // The store's own call-site filter, on the merge of the bucket.
                var stacks = await demo.Store.MergeStacksAsync(Cpu, $"{{service_name=\"checkout\", pod=\"{pod}\"}}",
                    new TimeRange(timestamps[i] - 600_000 + 1, timestamps[i]), callSite);
                values[i].Should().Be(stacks.Values.ToArray().Sum(), $"{pod} at {timestamps[i]}");
            }
            values.Should().Contain(v => v > 0);
            SeriesRouteTests.AssertStats(s, values);
        }
    }

    [TestCase("sum", "process_cpu:cpu:nanoseconds:cpu:nanoseconds")]
    [TestCase("average", "process_cpu:cpu:nanoseconds:cpu:nanoseconds")]
    [TestCase("average", "memory:inuse_space:bytes:space:bytes")]
    public async Task FunctionSeries_EqualTheStoresOwnCallSiteSeries(string aggregation, string profileType)
    {
        var demo = await SeededStore.SharedAsync();
        var stacks = await demo.Store.MergeStacksAsync(profileType, Checkout, SeededStore.Range);
        string[] callSite = [.. stacks.FramesOf(0).ToArray().Take(2).Select(id => stacks.Names[id])];

        var answer = await RouteCall.GetAsync(demo.Instance(), "function-series",
            $"profileType={profileType}&selector={RouteCall.Escape(Checkout)}&groupBy=pod&step=300&aggregation={aggregation}&callSite={RouteCall.Escape(JsonSerializer.Serialize(callSite))}&{RouteCall.RangeQuery(SeededStore.Range)}");
        // The store computes call-site series itself, from its per-profile rows: another implementation.
        var native = await demo.Store.SelectSeriesAsync(new SeriesQuery(profileType, Checkout, SeededStore.Range, 300)
        {
            GroupBy = ["pod"],
            CallSite = callSite,
            Aggregation = aggregation == "average" ? SeriesAggregation.Average : SeriesAggregation.Sum,
        });

        answer.Status.Should().Be(200, answer.Text);
        var series = answer.Json.GetProperty("series").EnumerateArray().ToList();
        series.Should().HaveCount(native.Count);
        foreach (var s in series)
        {
            var pod = s.GetProperty("labels").GetProperty("pod").GetString();
            var expected = native.Single(n => n.Labels.Get("pod") == pod);
            s.GetProperty("timestamps").EnumerateArray().Select(t => t.GetInt64()).Should().Equal(expected.Points.Select(p => p.TimestampMs));
            s.GetProperty("values").EnumerateArray().Select(v => v.GetDouble())
                .Should().Equal(expected.Points.Select(p => p.Value), (a, b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b)));
        }
    }

    [Test]
    public async Task FunctionSeries_OfEveryRootFrame_AddUpToTheWholeSeries()
    {
        var demo = await SeededStore.SharedAsync();
        var range = SeededStore.Range;
        var stacks = await demo.Store.MergeStacksAsync(Cpu, Checkout, range);
        var roots = Enumerable.Range(0, stacks.Count).Select(i => stacks.Names[stacks.FramesOf(i)[0]]).Distinct().ToList();
        var baseQuery = $"profileType={Cpu}&selector={RouteCall.Escape(Checkout)}&step=300&{RouteCall.RangeQuery(range)}";

        var whole = await RouteCall.GetAsync(demo.Instance(), "series", baseQuery);
        var sums = new SortedDictionary<long, double>();
        foreach (var root in roots)
        {
            var part = await RouteCall.GetAsync(demo.Instance(), "function-series", baseQuery + "&callSite=" + RouteCall.Escape(JsonSerializer.Serialize(new[] { root })));
            part.Status.Should().Be(200, part.Text);
            foreach (var s in part.Json.GetProperty("series").EnumerateArray())
            {
                var ts = s.GetProperty("timestamps").EnumerateArray().Select(t => t.GetInt64()).ToList();
                var vs = s.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
                for (var i = 0; i < ts.Count; i++)
                {
                    sums[ts[i]] = sums.GetValueOrDefault(ts[i]) + vs[i];
                }
            }
        }

        var series = whole.Json.GetProperty("series")[0];
        var expected = series.GetProperty("timestamps").EnumerateArray().Select(t => t.GetInt64())
            .Zip(series.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()))
            .ToDictionary(p => p.First, p => p.Second);
        sums.Should().Equal(expected);
    }

    [Test]
    public async Task FunctionSeries_UnknownFrame_AnswersZeroPoints()
    {
        var demo = await SeededStore.SharedAsync();

        var answer = await RouteCall.GetAsync(demo.Instance(), "function-series",
            $"profileType={Cpu}&selector={RouteCall.Escape(Checkout)}&step=600&callSite={RouteCall.Escape("[\"no.such.function\"]")}");

        answer.Status.Should().Be(200, answer.Text);
        var values = answer.Json.GetProperty("series")[0].GetProperty("values").EnumerateArray().Select(v => v.GetDouble());
        values.Should().NotBeEmpty().And.OnlyContain(v => v == 0);
    }

    [Test]
    public async Task FunctionSeries_DefaultStep_IsTheRangeOverAHundredPoints()
    {
        var demo = await SeededStore.SharedAsync();

        var answer = await RouteCall.GetAsync(demo.Instance(), "function-series",
            $"profileType={Cpu}&selector={RouteCall.Escape(Checkout)}&callSite={RouteCall.Escape("[\"main\"]")}");

        answer.Status.Should().Be(200, answer.Text);
        answer.Json.GetProperty("step").GetDouble().Should().Be(36);
    }

    [Test]
    public async Task FunctionSeries_TooManyMerges_Is400NamingStep()
    {
        var demo = await SeededStore.SharedAsync();
        var instance = demo.Instance(QueryLimits.Default with { MaxCallSiteMerges = 50 });

        var answer = await RouteCall.GetAsync(instance, "function-series",
            $"profileType={Cpu}&groupBy=service_name&step=60&callSite={RouteCall.Escape("[\"main\"]")}");

        answer.Status.Should().Be(400);
        answer.Message.Should().StartWith("parameter 'step':").And.Contain("more than the limit of 50");
    }

    /// <summary>A call path that occurs: the first two frames of one checkout CPU stack of the hour.</summary>
    private static async Task<string[]> CallPathOfAStackAsync(ProfileStore store)
    {
        var stacks = await store.MergeStacksAsync(Cpu, Checkout, SeededStore.Range);
        var first = stacks.FramesOf(0).ToArray();
        return [.. first.Take(Math.Min(2, first.Length)).Select(id => stacks.Names[id])];
    }
}
