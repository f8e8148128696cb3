using FluentAssertions;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Selection;
using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Routes;

public class ServiceRouteTests
{
    [TestCase("checkout")]
    [TestCase("payment")]
    [TestCase("frontend")]
    public async Task Service_ListsEveryProfileTypeOfTheService_ByCategoryThenId_WithItsSeries(string service)
    {
        var demo = await SeededStore.SharedAsync();
        var range = SeededStore.Range;
        var selector = $"{{service_name=\"{service}\"}}";

        var answer = await RouteCall.GetAsync(demo.Instance(), "service", $"service={service}&step=300&{RouteCall.RangeQuery(range)}");

        answer.Status.Should().Be(200, answer.Text);
        answer.Json.GetProperty("service").GetString().Should().Be(service);
        var types = await demo.Store.LabelValuesAsync(ReservedLabels.ProfileType, selector, range);
        var expectedOrder = types
            .Select(t => { ProfileTypeId.TryParse(t, out var id); return id; })
            .OrderBy(id => (int)ProfileTypeInfo.Category(id)).ThenBy(id => id.ToString(), StringComparer.Ordinal)
            .Select(id => id.ToString());
        var entries = answer.Json.GetProperty("profileTypes").EnumerateArray().ToList();
        entries.Select(e => e.GetProperty("profileType").GetProperty("id").GetString()).Should().Equal(expectedOrder);

        foreach (var entry in entries)
        {
            var type = entry.GetProperty("profileType").GetProperty("id").GetString()!;
            var series = entry.GetProperty("series");
            series.GetProperty("labels").GetProperty("service_name").GetString().Should().Be(service);
            // The same series the series route answers for that type and service.
            var alone = await RouteCall.GetAsync(demo.Instance(), "series", $"profileType={type}&selector={RouteCall.Escape(selector)}&groupBy=service_name&step=300&{RouteCall.RangeQuery(range)}");
            series.GetRawText().Should().Be(alone.Json.GetProperty("series")[0].GetRawText(), type);
            if (entry.GetProperty("profileType").GetProperty("aggregation").GetString() == "sum")
            {
                series.GetProperty("stats").GetProperty("total").GetDouble().Should().Be(await Truth.MergedTotalAsync(demo.Store, type, selector, range), type);
            }
        }
    }

    [Test]
    public async Task Service_ExtraSelector_NarrowsEverySeries()
    {
        var demo = await SeededStore.SharedAsync();
        var range = SeededStore.Range;

        var answer = await RouteCall.GetAsync(demo.Instance(), "service",
            $"service=cart&selector={RouteCall.Escape("{region=\"eu-west-1\"}")}&step=300&{RouteCall.RangeQuery(range)}");

        answer.Status.Should().Be(200, answer.Text);
        var cpu = answer.Json.GetProperty("profileTypes").EnumerateArray()
            .Single(e => e.GetProperty("profileType").GetProperty("id").GetString() == "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        cpu.GetProperty("series").GetProperty("stats").GetProperty("total").GetDouble()
            .Should().Be(await Truth.MergedTotalAsync(demo.Store, "process_cpu:cpu:nanoseconds:cpu:nanoseconds", "{service_name=\"cart\", region=\"eu-west-1\"}", range));
    }

    [Test]
    public async Task Service_Unknown_AnswersNoProfileTypes()
    {
        var demo = await SeededStore.SharedAsync();

        var answer = await RouteCall.GetAsync(demo.Instance(), "service", "service=nope");

        answer.Status.Should().Be(200);
        answer.Json.GetProperty("profileTypes").GetArrayLength().Should().Be(0);
    }

    [TestCase("x\"}")]
    [TestCase("a\\b")]
    [TestCase("checkout\", pod=~\".*")]
    public async Task Service_NameWithSelectorSyntax_IsAValueNotSelectorText(string service)
    {
        var demo = await SeededStore.SharedAsync();

        var answer = await RouteCall.GetAsync(demo.Instance(), "service", $"service={RouteCall.Escape(service)}");

        answer.Status.Should().Be(200, answer.Text);
        answer.Json.GetProperty("service").GetString().Should().Be(service);
        answer.Json.GetProperty("profileTypes").GetArrayLength().Should().Be(0);
    }
}
