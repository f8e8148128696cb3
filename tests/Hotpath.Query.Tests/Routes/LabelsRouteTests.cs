using FluentAssertions;
using Hotpath.Query.Sources;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Routes;

public class LabelsRouteTests
{
    private const string Cpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";

    [Test]
    public async Task Labels_AreByCardinality_WithTopValuesByMergedTotal()
    {
        var demo = await SeededStore.SharedAsync();
        var range = SeededStore.Range;
        var scoped = $"{{__profile_type__=\"{Cpu}\"}}";

        var answer = await RouteCall.GetAsync(demo.Instance(), "labels", $"profileType={Cpu}&top=3&{RouteCall.RangeQuery(range)}");

        answer.Status.Should().Be(200, answer.Text);
        var labels = answer.Json.GetProperty("labels").EnumerateArray().ToList();
        var names = (await demo.Store.LabelNamesAsync(scoped, range)).Where(n => !(n.StartsWith("__") && n.EndsWith("__"))).ToList();
        labels.Select(l => l.GetProperty("name").GetString()).Should().BeEquivalentTo(names);
        names.Should().Contain(["service_name", "pod", "region"]);

        var cardinalities = labels.Select(l => l.GetProperty("cardinality").GetInt32()).ToList();
        cardinalities.Should().BeInDescendingOrder();
        foreach (var label in labels)
        {
            var name = label.GetProperty("name").GetString()!;
            var values = await demo.Store.LabelValuesAsync(name, scoped, range);
            label.GetProperty("cardinality").GetInt32().Should().Be(values.Count, name);

            // Every value's total over the range, from merges; the answer keeps the top three.
            var totals = new List<(string Value, long Total)>();
            foreach (var value in values)
            {
                totals.Add((value, await Truth.MergedTotalAsync(demo.Store, Cpu, $"{{{name}=\"{value}\"}}", range)));
            }
            var expected = totals.OrderByDescending(t => t.Total).ThenBy(t => t.Value, StringComparer.Ordinal).Take(3).ToList();
            var top = label.GetProperty("values").EnumerateArray()
                .Select(v => (v.GetProperty("value").GetString()!, (long)v.GetProperty("total").GetDouble())).ToList();
            top.Should().Equal(expected, name);
        }
    }

    [Test]
    public async Task Labels_TopZero_GivesCardinalitiesOnly_AndASelectorNarrowsThem()
    {
        var demo = await SeededStore.SharedAsync();

        var answer = await RouteCall.GetAsync(demo.Instance(), "labels", $"profileType={Cpu}&top=0&selector={RouteCall.Escape("{service_name=\"cart\"}")}");

        answer.Status.Should().Be(200, answer.Text);
        var labels = answer.Json.GetProperty("labels").EnumerateArray().ToList();
        labels.Should().OnlyContain(l => l.GetProperty("values").GetArrayLength() == 0);
        labels.Single(l => l.GetProperty("name").GetString() == "service_name").GetProperty("cardinality").GetInt32().Should().Be(1);
        labels.Single(l => l.GetProperty("name").GetString() == "pod").GetProperty("cardinality").GetInt32().Should().Be(2);
        // The planted regression changes cart's version half way through the hour.
        labels.Single(l => l.GetProperty("name").GetString() == "version").GetProperty("cardinality").GetInt32().Should().Be(2);
    }

    [Test]
    public async Task LabelTotals_CoverExactlyTheRange_EvenWhenItStartsOnAProfile()
    {
        await using var store = await SmallStore.CreateAsync();
        var t0 = Support.SeededStore.Now.ToUnixTimeMilliseconds();
        await store.PushAsync("a", t0 - 1, weight: 1000, ("pod", "p0"));   // just before the range
        await store.PushAsync("a", t0, weight: 1, ("pod", "p1"));           // on its first millisecond
        await store.PushAsync("a", t0 + 5_000, weight: 2, ("pod", "p1"));
        await store.PushAsync("a", t0 + 10_000, weight: 3, ("pod", "p2"));  // on its last millisecond
        await store.PushAsync("a", t0 + 10_001, weight: 1000, ("pod", "p3")); // just after
        var instance = new HotpathInstance(Hotpath.Query.Settings.HotpathSettings.Embedded(store.Folder), new EmbeddedStore(store.Store), new FixedClock(Support.SeededStore.Now));

        var answer = await RouteCall.GetAsync(instance, "labels", $"profileType={SmallStore.CpuType}&from={t0}&to={t0 + 10_000}");

        answer.Status.Should().Be(200, answer.Text);
        var pod = answer.Json.GetProperty("labels").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "pod");
        pod.GetProperty("cardinality").GetInt32().Should().Be(2);
        pod.GetProperty("values").EnumerateArray().Select(v => (v.GetProperty("value").GetString(), v.GetProperty("total").GetDouble()))
            .Should().Equal(("p1", 300.0), ("p2", 300.0));
    }

    [Test]
    public void WholeRangePoint_StepReadsBackTheSameInWholeMilliseconds_HereAndAsPyroscopeReadsIt()
    {
        // Pyroscope turns the step into a duration in nanoseconds (float multiply, truncated), then
        // whole milliseconds; the store truncates seconds × 1000. Both must give the range plus 1 ms.
        for (long length = 0; length <= 200_000; length += 7)
        {
            foreach (var rangeMs in new[] { length, length * 1_000, 86_400_000 - length })
            {
                var (range, step) = Hotpath.Query.Routes.LabelsRoute.WholeRangePoint(new Hotpath.Engine.Selection.TimeRange(1_700_000_000_000, 1_700_000_000_000 + rangeMs));
                var expected = rangeMs + 1;
                ((long)(step * 1000)).Should().Be(expected, $"range {rangeMs} ms");
                ((long)(step * 1e9) / 1_000_000).Should().Be(expected, $"range {rangeMs} ms, as Pyroscope converts it");
                range.EndMs.Should().Be(1_700_000_000_000 + rangeMs);
            }
        }
    }
}
