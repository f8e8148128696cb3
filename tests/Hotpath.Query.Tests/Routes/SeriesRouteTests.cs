using System.Text.Json;
using FluentAssertions;
using Hotpath.Engine.Selection;
using Hotpath.Query.Settings;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Routes;

public class SeriesRouteTests
{
    private const string Cpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private const string InuseSpace = "memory:inuse_space:bytes:space:bytes";

    [Test]
    public async Task Series_GroupedByService_PointsAreTheMergedTotalsOfTheirBuckets()
    {
        var demo = await SeededStore.SharedAsync();
        var range = SeededStore.Range;

        var answer = await RouteCall.GetAsync(demo.Instance(), "series", $"profileType={Cpu}&groupBy=service_name&step=300&{RouteCall.RangeQuery(range)}");

        answer.Status.Should().Be(200, answer.Text);
        answer.Json.GetProperty("step").GetDouble().Should().Be(300);
        answer.Json.GetProperty("profileType").GetProperty("id").GetString().Should().Be(Cpu);
        var series = answer.Json.GetProperty("series").EnumerateArray().ToList();
        var cpuServices = await demo.Store.LabelValuesAsync(ReservedLabels.ServiceName, $"{{__profile_type__=\"{Cpu}\"}}", range);
        series.Select(s => s.GetProperty("labels").GetProperty("service_name").GetString()).Should().BeEquivalentTo(cpuServices);
        answer.Json.GetProperty("totalSeries").GetInt32().Should().Be(cpuServices.Count);

        foreach (var s in series)
        {
            var service = s.GetProperty("labels").GetProperty("service_name").GetString()!;
            var timestamps = s.GetProperty("timestamps").EnumerateArray().Select(t => t.GetInt64()).ToList();
            var values = s.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
            timestamps.Should().BeInAscendingOrder();
            for (var i = 0; i < timestamps.Count; i++)
            {
                var expected = await Truth.BucketTotalAsync(demo.Store, Cpu, $"{{service_name=\"{service}\"}}", timestamps[i], 300_000);
                values[i].Should().Be(expected, $"{service} at {timestamps[i]}");
            }
            AssertStats(s, values);
        }
        series.Select(s => s.GetProperty("stats").GetProperty("total").GetDouble()).Should().BeInDescendingOrder();
    }

    [Test]
    public async Task Series_EveryNonEmptyBucketOfTheRangeHasAPoint()
    {
        var demo = await SeededStore.SharedAsync();
        var range = SeededStore.Range;

        var answer = await RouteCall.GetAsync(demo.Instance(), "series", $"profileType={Cpu}&selector={RouteCall.Escape("{service_name=\"checkout\"}")}&step=600&{RouteCall.RangeQuery(range)}");

        var series = answer.Json.GetProperty("series").EnumerateArray().Single();
        series.GetProperty("labels").EnumerateObject().Should().BeEmpty();
        var timestamps = series.GetProperty("timestamps").EnumerateArray().Select(t => t.GetInt64()).ToList();
        var expected = new List<long>();
        for (var t = range.StartMs; t <= range.EndMs; t += 600_000)
        {
            if (await Truth.BucketTotalAsync(demo.Store, Cpu, "{service_name=\"checkout\"}", t, 600_000) > 0)
            {
                expected.Add(t);
            }
        }
        timestamps.Should().Equal(expected);
        // The whole hour is covered: the first bucket holds no profile (the demo starts one step later).
        series.GetProperty("stats").GetProperty("total").GetDouble().Should().Be(await Truth.MergedTotalAsync(demo.Store, Cpu, "{service_name=\"checkout\"}", range));
    }

    [Test]
    public async Task Series_Limit_KeepsTheLargestTotals_AndCountsAllGroups()
    {
        var demo = await SeededStore.SharedAsync();
        var query = $"profileType={Cpu}&groupBy=service_name&step=300&{RouteCall.RangeQuery(SeededStore.Range)}";

        var all = await RouteCall.GetAsync(demo.Instance(), "series", query);
        var top = await RouteCall.GetAsync(demo.Instance(), "series", query + "&limit=2");

        top.Status.Should().Be(200, top.Text);
        var expected = all.Json.GetProperty("series").EnumerateArray().Take(2).Select(s => s.GetRawText());
        top.Json.GetProperty("series").EnumerateArray().Select(s => s.GetRawText()).Should().Equal(expected);
        top.Json.GetProperty("totalSeries").GetInt32().Should().Be(all.Json.GetProperty("series").GetArrayLength());
    }

    [Test]
    public async Task Series_DefaultLimit_IsTheConfiguredMaximum_AndLargerLimitsAreRefused()
    {
        var demo = await SeededStore.SharedAsync();
        var instance = demo.Instance(QueryLimits.Default with { MaxSeries = 3 });
        var query = $"profileType={Cpu}&groupBy=pod&step=600&{RouteCall.RangeQuery(SeededStore.Range)}";

        var answer = await RouteCall.GetAsync(instance, "series", query);
        var refused = await RouteCall.GetAsync(instance, "series", query + "&limit=4");

        answer.Status.Should().Be(200, answer.Text);
        answer.Json.GetProperty("series").GetArrayLength().Should().Be(3);
        var pods = await demo.Store.LabelValuesAsync("pod", $"{{__profile_type__=\"{Cpu}\"}}", SeededStore.Range);
        answer.Json.GetProperty("totalSeries").GetInt32().Should().Be(pods.Count);
        refused.Status.Should().Be(400);
        refused.Json.GetProperty("message").GetString().Should().Be("parameter 'limit': must be a whole number from 1 to 3, not '4'");
    }

    [Test]
    public async Task Series_GroupedByTwoLabels_GivesOneSeriesPerPodAndRegion()
    {
        var demo = await SeededStore.SharedAsync();
        var range = SeededStore.Range;

        var answer = await RouteCall.GetAsync(demo.Instance(), "series", $"profileType={Cpu}&groupBy=region,pod&step=900&{RouteCall.RangeQuery(range)}");

        answer.Status.Should().Be(200, answer.Text);
        var pods = await demo.Store.LabelValuesAsync("pod", $"{{__profile_type__=\"{Cpu}\"}}", range);
        var series = answer.Json.GetProperty("series").EnumerateArray().ToList();
        series.Select(s => s.GetProperty("labels").GetProperty("pod").GetString()).Should().BeEquivalentTo(pods);
        foreach (var s in series)
        {
            s.GetProperty("labels").EnumerateObject().Select(p => p.Name).Should().Equal("pod", "region");
            var pod = s.GetProperty("labels").GetProperty("pod").GetString();
            s.GetProperty("stats").GetProperty("total").GetDouble().Should().Be(await Truth.MergedTotalAsync(demo.Store, Cpu, $"{{pod=\"{pod}\"}}", range));
        }
    }

    [Test]
    public async Task Series_GaugeTypes_AverageByDefault()
    {
        var demo = await SeededStore.SharedAsync();
        // One pod: at a 30 s step each bucket holds exactly one of its profiles, at 60 s two.
        var selector = RouteCall.Escape("{pod=\"cart-7d9f8-ax4q\"}");
        var baseQuery = $"profileType={InuseSpace}&selector={selector}&{RouteCall.RangeQuery(SeededStore.Range)}";

        var byDefault = await RouteCall.GetAsync(demo.Instance(), "series", baseQuery + "&step=60");
        var average = await RouteCall.GetAsync(demo.Instance(), "series", baseQuery + "&step=60&aggregation=average");
        var sum = await RouteCall.GetAsync(demo.Instance(), "series", baseQuery + "&step=60&aggregation=sum");

        byDefault.Status.Should().Be(200, byDefault.Text);
        byDefault.Json.GetProperty("profileType").GetProperty("aggregation").GetString().Should().Be("average");
        byDefault.Text.Should().Be(average.Text);
        var avgValues = Values(average);
        var sumValues = Values(sum);
        var stepMs = 60_000L;
        var timestamps = average.Json.GetProperty("series")[0].GetProperty("timestamps").EnumerateArray().Select(t => t.GetInt64()).ToList();
        for (var i = 0; i < timestamps.Count; i++)
        {
            // This pod's profiles lie on the demo's 30 s grid, from one step after the start of the hour.
            var profiles = 0;
            for (var p = SeededStore.Range.StartMs + SeededStore.StepSeconds * 1000; p <= SeededStore.Range.EndMs; p += SeededStore.StepSeconds * 1000)
            {
                profiles += p > timestamps[i] - stepMs && p <= timestamps[i] ? 1 : 0;
            }
            profiles.Should().BeGreaterThan(0);
            avgValues[i].Should().BeApproximately(sumValues[i] / profiles, 1e-6, $"bucket at {timestamps[i]}");
        }
    }

    [Test]
    public async Task Series_DefaultStep_IsTheRangeOverAThousandPoints_AtLeast15Seconds()
    {
        var demo = await SeededStore.SharedAsync();
        var t = SeededStore.Now.ToUnixTimeMilliseconds();

        var hour = await RouteCall.GetAsync(demo.Instance(), "series", $"profileType={Cpu}");
        var day = await RouteCall.GetAsync(demo.Instance(), "series", $"profileType={Cpu}&from={t - 86_400_000}&to={t}");

        hour.Json.GetProperty("step").GetDouble().Should().Be(15);
        day.Json.GetProperty("step").GetDouble().Should().Be(87);
    }

    [Test]
    public async Task Series_NoData_AnswersNoSeries()
    {
        var demo = await SeededStore.SharedAsync();

        var answer = await RouteCall.GetAsync(demo.Instance(), "series", $"profileType={Cpu}&selector={RouteCall.Escape("{service_name=\"nope\"}")}");

        answer.Status.Should().Be(200);
        answer.Json.GetProperty("series").GetArrayLength().Should().Be(0);
        answer.Json.GetProperty("totalSeries").GetInt32().Should().Be(0);
    }

    internal static void AssertStats(JsonElement series, IReadOnlyList<double> values)
    {
        var stats = series.GetProperty("stats");
        stats.GetProperty("points").GetInt32().Should().Be(values.Count);
        stats.GetProperty("total").GetDouble().Should().Be(values.Sum());
        stats.GetProperty("max").GetDouble().Should().Be(values.Count == 0 ? 0 : values.Max());
        stats.GetProperty("average").GetDouble().Should().BeApproximately(values.Count == 0 ? 0 : values.Sum() / values.Count, 1e-6);
    }

    private static List<double> Values(RouteAnswer answer) =>
        [.. answer.Json.GetProperty("series")[0].GetProperty("values").EnumerateArray().Select(v => v.GetDouble())];
}
