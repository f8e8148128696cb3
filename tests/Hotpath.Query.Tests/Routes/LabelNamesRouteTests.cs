using FluentAssertions;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Routes;

public class LabelNamesRouteTests
{
    private const string Goroutines = "goroutine:goroutine:count:goroutine:count";

    [Test]
    public async Task LabelNames_AreTheStoresNames_WithoutReservedOnes()
    {
        var demo = await SeededStore.SharedAsync();
        var range = SeededStore.Range;

        var answer = await RouteCall.GetAsync(demo.Instance(), "label-names", RouteCall.RangeQuery(range));

        answer.Status.Should().Be(200, answer.Text);
        var all = await demo.Store.LabelNamesAsync("{}", range);
        all.Should().Contain("__profile_type__");
        answer.Json.GetProperty("names").EnumerateArray().Select(n => n.GetString()).Should().Equal(all.Where(n => !(n.StartsWith("__") && n.EndsWith("__"))));
    }

    [Test]
    public async Task LabelValues_AreTheStoresValues_ScopedToTheProfileTypeWhenGiven()
    {
        var demo = await SeededStore.SharedAsync();
        var range = SeededStore.Range;

        var all = await RouteCall.GetAsync(demo.Instance(), "label-values", $"name=service_name&{RouteCall.RangeQuery(range)}");
        var withGoroutines = await RouteCall.GetAsync(demo.Instance(), "label-values", $"name=service_name&profileType={Goroutines}&{RouteCall.RangeQuery(range)}");

        all.Status.Should().Be(200, all.Text);
        all.Json.GetProperty("values").EnumerateArray().Select(v => v.GetString()).Should().Equal(await demo.Store.LabelValuesAsync("service_name", "{}", range));
        var goServices = await demo.Store.LabelValuesAsync("service_name", $"{{__profile_type__=\"{Goroutines}\"}}", range);
        goServices.Should().HaveCountLessThan(demo.Summary.Services.Count);
        withGoroutines.Json.GetProperty("values").EnumerateArray().Select(v => v.GetString()).Should().Equal(goServices);
    }

    [Test]
    public async Task LabelValues_Selector_Narrows()
    {
        var demo = await SeededStore.SharedAsync();

        var answer = await RouteCall.GetAsync(demo.Instance(), "label-values", $"name=pod&selector={RouteCall.Escape("{service_name=\"ads\", region!=\"us-east-1\"}")}");

        answer.Json.GetProperty("values").EnumerateArray().Select(v => v.GetString())
            .Should().Equal(await demo.Store.LabelValuesAsync("pod", "{service_name=\"ads\", region!=\"us-east-1\"}", SeededStore.Range));
        answer.Json.GetProperty("values").GetArrayLength().Should().Be(1);
    }
}
