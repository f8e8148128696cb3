using FluentAssertions;
using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Stacks;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;
using static Hotpath.Query.Tests.Routes.Support.RouteCalls;

namespace Hotpath.Query.Tests.Routes;

public class FlameGraphRouteTests : DemoStoreRoutes
{
    private const string Checkout = "{service_name=\"checkout\"}";

    private Task<StackSet> MergeAsync(string selector) => Demo.Store.MergeStacksAsync(DemoStore.GoCpu, selector, LastHour);

    private static string Query(string selector, string extra = "") =>
        $"profileType={Q(DemoStore.GoCpu)}&selector={Q(selector)}&from={LastHour.StartMs}&to={LastHour.EndMs}{extra}";

    [Test]
    public async Task Totals_AgreeWithTheFunctionTableAndTheMergedStacks()
    {
        var stacks = await MergeAsync(Checkout);
        var sum = 0L;
        foreach (var v in stacks.Values)
        {
            sum += v;
        }
        sum.Should().BePositive("the demo store holds checkout CPU profiles in the last hour");

        var response = await GetAsync(Demo.Instance, "flamegraph", Query(Checkout));

        response.Status.Should().Be(200, Text(response));
        var json = Json(response);
        json.GetProperty("profileType").GetProperty("id").GetString().Should().Be(DemoStore.GoCpu);
        json.GetProperty("profileType").GetProperty("category").GetString().Should().Be("CPU");
        var graph = json.GetProperty("flamegraph");
        graph.GetProperty("total").GetInt64().Should().Be(sum);
        graph.GetProperty("value")[0].GetInt64().Should().Be(sum);
        graph.GetProperty("labels")[0].GetString().Should().Be("total");
        json.GetProperty("functions").GetProperty("total").GetInt64().Should().Be(sum);
    }

    [Test]
    public async Task FunctionRows_AreTheEngineTableOfTheUntruncatedStacks_BySelf()
    {
        var expected = FunctionTable.Build(await MergeAsync(Checkout)).SortedBySelf();

        var json = Json(await GetAsync(Demo.Instance, "flamegraph", Query(Checkout, "&maxNodes=5")));

        var functions = json.GetProperty("functions");
        functions.GetProperty("count").GetInt32().Should().Be(expected.Length);
        var rows = functions.GetProperty("rows").EnumerateArray()
            .Select(r => new FunctionStat(r.GetProperty("name").GetString()!, r.GetProperty("self").GetInt64(), r.GetProperty("total").GetInt64()))
            .ToArray();
        rows.Should().Equal(expected, "truncating the flame graph must not touch the function table");
    }

    [Test]
    public async Task SmallMaxNodes_FoldsIntoOther_AndReportsTheFraction()
    {
        var json = Json(await GetAsync(Demo.Instance, "flamegraph", Query(Checkout, "&maxNodes=8")));

        var graph = json.GetProperty("flamegraph");
        var total = graph.GetProperty("total").GetInt64();
        var other = graph.GetProperty("otherTotal").GetInt64();
        other.Should().BePositive();
        graph.GetProperty("truncatedFraction").GetDouble().Should().BeApproximately((double)other / total, 1e-12);
        var labels = graph.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToList();
        labels.Should().Contain("other");
        var otherLabel = labels.IndexOf("other");
        var otherRows = graph.GetProperty("label").EnumerateArray().Select((l, i) => (l.GetInt32(), i)).Where(p => p.Item1 == otherLabel).Select(p => p.i);
        otherRows.Sum(i => graph.GetProperty("value")[i].GetInt64()).Should().Be(other);

        var full = Json(await GetAsync(Demo.Instance, "flamegraph", Query(Checkout))).GetProperty("flamegraph");
        full.GetProperty("otherTotal").GetInt64().Should().Be(0);
        full.GetProperty("level").GetArrayLength().Should().BeGreaterThan(graph.GetProperty("level").GetArrayLength());
    }

    [Test]
    public async Task MaxFunctions_CutsRowsButCountsAll()
    {
        var json = Json(await GetAsync(Demo.Instance, "flamegraph", Query(Checkout, "&maxFunctions=3")));

        var functions = json.GetProperty("functions");
        functions.GetProperty("rows").GetArrayLength().Should().Be(3);
        functions.GetProperty("count").GetInt32().Should().BeGreaterThan(3);
    }

    [Test]
    public async Task EmptySelection_IsAnEmptyGraph()
    {
        var json = Json(await GetAsync(Demo.Instance, "flamegraph", Query("{service_name=\"nothing-here\"}")));

        json.GetProperty("flamegraph").GetProperty("total").GetInt64().Should().Be(0);
        json.GetProperty("functions").GetProperty("rows").GetArrayLength().Should().Be(0);
    }

    [TestCase("maxNodes=0", "parameter 'maxNodes'")]
    [TestCase("maxNodes=1048577", "parameter 'maxNodes'")]
    [TestCase("maxNodes=lots", "parameter 'maxNodes'")]
    [TestCase("maxFunctions=0", "parameter 'maxFunctions'")]
    [TestCase("maxFunctions=100001", "parameter 'maxFunctions'")]
    [TestCase("selector=%7Bservice_name%3D%7D", "parameter 'selector'")]
    [TestCase("datasource=nope", "parameter 'datasource': no data source with uid 'nope'")]
    [TestCase("from=20&to=10", "parameter 'from'")]
    [TestCase("from=1&to=9999999999999", "parameter 'from'")]
    public async Task BadParameters_Are400NamingThem(string bad, string message)
    {
        var response = await GetAsync(Demo.Instance, "flamegraph", $"profileType={Q(DemoStore.GoCpu)}&{bad}");

        response.Status.Should().Be(400, Text(response));
        Message(response).Should().Contain(message);
        Json(response).GetProperty("kind").GetString().Should().Be("bad_request");
    }

    [TestCase("", "parameter 'profileType': is required")]
    [TestCase("profileType=cpu", "parameter 'profileType': 'cpu' is not a profile type id")]
    public async Task MissingOrMalformedProfileType_Is400(string query, string message)
    {
        var response = await GetAsync(Demo.Instance, "flamegraph", query);

        response.Status.Should().Be(400);
        Message(response).Should().Contain(message);
    }

    [Test]
    public async Task PostToAGetRoute_Is405()
    {
        foreach (var path in (string[])["flamegraph", "sandwich", "diff", "export", "adhoc/list", "adhoc/flamegraph", "adhoc/diff"])
        {
            var response = await CallAsync(Demo.Instance, "POST", path, Query(Checkout), [1, 2, 3]);

            response.Status.Should().Be(405, path);
            response.Headers["Allow"].Should().Be("GET", path);
        }
    }
}
