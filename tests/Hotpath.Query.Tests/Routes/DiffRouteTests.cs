using FluentAssertions;
using Hotpath.Engine.FunctionTables;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;
using static Hotpath.Query.Tests.Routes.Support.RouteCalls;

namespace Hotpath.Query.Tests.Routes;

public class DiffRouteTests : DemoStoreRoutes
{
    private static long Ms(TimeSpan ago) => DemoStore.Now.Add(-ago).ToUnixTimeMilliseconds();

    // Baseline: checkout, first half hour, source 'embedded'; comparison: cart, second half hour, source 'mirror'.
    private static readonly (string Selector, long From, long To, string Source) Baseline =
        ("{service_name=\"checkout\"}", Ms(TimeSpan.FromMinutes(60)), Ms(TimeSpan.FromMinutes(30)), "embedded");

    private static readonly (string Selector, long From, long To, string Source) Comparison =
        ("{service_name=\"cart\"}", Ms(TimeSpan.FromMinutes(30)), Ms(TimeSpan.Zero), "mirror");

    private static string FlameQuery((string Selector, long From, long To, string Source) side) =>
        $"profileType={Q(DemoStore.GoCpu)}&selector={Q(side.Selector)}&from={side.From}&to={side.To}&datasource={side.Source}";

    private static string DiffQuery(string extra = "") =>
        $"profileType={Q(DemoStore.GoCpu)}" +
        $"&baselineSelector={Q(Baseline.Selector)}&baselineFrom={Baseline.From}&baselineTo={Baseline.To}&baselineDatasource={Baseline.Source}" +
        $"&comparisonSelector={Q(Comparison.Selector)}&comparisonFrom={Comparison.From}&comparisonTo={Comparison.To}&comparisonDatasource={Comparison.Source}" + extra;

    [Test]
    public async Task Totals_EqualEachSidesFlameGraphTotal()
    {
        var left = Json(await GetAsync(Demo.Instance, "flamegraph", FlameQuery(Baseline)));
        var right = Json(await GetAsync(Demo.Instance, "flamegraph", FlameQuery(Comparison)));
        var leftTotal = left.GetProperty("flamegraph").GetProperty("total").GetInt64();
        var rightTotal = right.GetProperty("flamegraph").GetProperty("total").GetInt64();
        leftTotal.Should().BePositive();
        rightTotal.Should().BePositive();
        leftTotal.Should().NotBe(rightTotal, "the two sides are different selections");

        var response = await GetAsync(Demo.Instance, "diff", DiffQuery());

        response.Status.Should().Be(200, Text(response));
        var json = Json(response);
        var graph = json.GetProperty("flamegraph");
        graph.GetProperty("leftTotal").GetInt64().Should().Be(leftTotal);
        graph.GetProperty("rightTotal").GetInt64().Should().Be(rightTotal);
        graph.GetProperty("value")[0].GetInt64().Should().Be(leftTotal);
        graph.GetProperty("valueRight")[0].GetInt64().Should().Be(rightTotal);
        var functions = json.GetProperty("functions");
        functions.GetProperty("baselineTotal").GetInt64().Should().Be(leftTotal);
        functions.GetProperty("comparisonTotal").GetInt64().Should().Be(rightTotal);
    }

    [Test]
    public async Task FunctionRows_CarryBothSidesExactValues()
    {
        var leftTable = FunctionTable.Build(await Demo.Store.MergeStacksAsync(DemoStore.GoCpu, Baseline.Selector, new(Baseline.From, Baseline.To)));
        var rightTable = FunctionTable.Build(await Demo.Store.MergeStacksAsync(DemoStore.GoCpu, Comparison.Selector, new(Comparison.From, Comparison.To)));

        var json = Json(await GetAsync(Demo.Instance, "diff", DiffQuery("&maxNodes=10")));

        var rows = json.GetProperty("functions").GetProperty("rows").EnumerateArray().ToList();
        var names = leftTable.SortedByName().Select(r => r.Name).Union(rightTable.SortedByName().Select(r => r.Name)).ToList();
        json.GetProperty("functions").GetProperty("count").GetInt32().Should().Be(names.Count);
        rows.Should().HaveCount(names.Count);
        foreach (var row in rows)
        {
            var name = row.GetProperty("name").GetString()!;
            leftTable.TryGet(name, out var l);
            rightTable.TryGet(name, out var r);
            row.GetProperty("baselineSelf").GetInt64().Should().Be(l.Self, name);
            row.GetProperty("baselineTotal").GetInt64().Should().Be(l.Total, name);
            row.GetProperty("comparisonSelf").GetInt64().Should().Be(r.Self, name);
            row.GetProperty("comparisonTotal").GetInt64().Should().Be(r.Total, name);
        }
        json.GetProperty("flamegraph").GetProperty("truncatedFraction").GetDouble().Should().BePositive("maxNodes=10 folds nodes");
    }

    [TestCase("&baselineFrom=abc", "parameter 'baselineFrom'")]
    [TestCase("&comparisonSelector=%7Bx%3D", "parameter 'comparisonSelector'")]
    [TestCase("&comparisonDatasource=ghost", "parameter 'comparisonDatasource': no data source with uid 'ghost'")]
    [TestCase("&maxNodes=-1", "parameter 'maxNodes'")]
    public async Task BadSideParameters_Are400NamingThem(string bad, string message)
    {
        var response = await GetAsync(Demo.Instance, "diff", $"profileType={Q(DemoStore.GoCpu)}{bad}");

        response.Status.Should().Be(400, Text(response));
        Message(response).Should().Contain(message);
    }
}
