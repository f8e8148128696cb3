using FluentAssertions;
using Hotpath.Engine.FunctionTables;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;
using static Hotpath.Query.Tests.Routes.Support.RouteCalls;

namespace Hotpath.Query.Tests.Routes;

public class SandwichRouteTests : DemoStoreRoutes
{
    private const string Checkout = "{service_name=\"checkout\"}";

    private static string Query(string function, string extra = "") =>
        $"profileType={Q(DemoStore.GoCpu)}&selector={Q(Checkout)}&from={LastHour.StartMs}&to={LastHour.EndMs}&function={Q(function)}{extra}";

    [Test]
    public async Task EveryFunction_SandwichTotalsEqualItsFunctionTableRow()
    {
        var table = FunctionTable.Build(await Demo.Store.MergeStacksAsync(DemoStore.GoCpu, Checkout, LastHour));
        table.Count.Should().BeGreaterThan(5);

        foreach (var row in table.SortedBySelf().Take(12))
        {
            var response = await GetAsync(Demo.Instance, "sandwich", Query(row.Name));

            response.Status.Should().Be(200, Text(response));
            var json = Json(response);
            json.GetProperty("function").GetString().Should().Be(row.Name);
            json.GetProperty("self").GetInt64().Should().Be(row.Self, row.Name);
            json.GetProperty("total").GetInt64().Should().Be(row.Total, row.Name);
            foreach (var side in (string[])["callers", "callees"])
            {
                var graph = json.GetProperty(side);
                graph.GetProperty("total").GetInt64().Should().Be(row.Total, $"{side} of {row.Name}");
                graph.GetProperty("labels")[graph.GetProperty("label")[1].GetInt32()].GetString().Should().Be(row.Name, "the function is at level 1");
                graph.GetProperty("value")[1].GetInt64().Should().Be(row.Total);
            }
        }
    }

    [Test]
    public async Task MaxNodes_TruncatesBothSides()
    {
        var table = FunctionTable.Build(await Demo.Store.MergeStacksAsync(DemoStore.GoCpu, Checkout, LastHour));
        var root = table.SortedByName().OrderByDescending(r => r.Total).First();

        var json = Json(await GetAsync(Demo.Instance, "sandwich", Query(root.Name, "&maxNodes=3")));

        json.GetProperty("callees").GetProperty("otherTotal").GetInt64().Should().BePositive();
        json.GetProperty("callees").GetProperty("total").GetInt64().Should().Be(root.Total);
    }

    [Test]
    public async Task FunctionNotInTheSelection_Is400NamingIt()
    {
        var response = await GetAsync(Demo.Instance, "sandwich", Query("no.such.Function"));

        response.Status.Should().Be(400);
        Message(response).Should().Contain("parameter 'function': 'no.such.Function' is not in the selection");
    }

    [Test]
    public async Task MissingFunction_Is400()
    {
        var response = await GetAsync(Demo.Instance, "sandwich", $"profileType={Q(DemoStore.GoCpu)}");

        response.Status.Should().Be(400);
        Message(response).Should().Be("parameter 'function': is required");
    }
}
