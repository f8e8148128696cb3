using FluentAssertions;
using Hotpath.Engine.Selection;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;
using static Hotpath.Query.Tests.Routes.Support.RouteCalls;

namespace Hotpath.Query.Tests.Routes;

/// <summary><c>GET changes</c> and <c>GET function-trends</c> on the demo shop, whose two planted incidents they must find.</summary>
public class ChangesRouteTests : DemoStoreRoutes
{
    private const string InuseSpace = "memory:inuse_space:bytes:space:bytes";

    private TimeRange Spike => new(Demo.Summary.SpikeStart.ToUnixTimeMilliseconds(), Demo.Summary.SpikeEnd.ToUnixTimeMilliseconds() - 1);

    private static string Selector(string service) => $"{{service_name=\"{service}\"}}";

    private static string Query(string profileType, string service, TimeRange comparison, string extra = "") =>
        $"profileType={Q(profileType)}&selector={Q(Selector(service))}&from={comparison.StartMs}&to={comparison.EndMs}{extra}";

    [Test]
    public async Task The_checkout_spike_ranks_MustCompile_under_applyPromotions_and_its_pods_first()
    {
        var response = await GetAsync(Demo.Instance, "changes", Query(DemoStore.GoCpu, "checkout", Spike));

        response.Status.Should().Be(200, Text(response));
        var json = Json(response);
        var length = Spike.EndMs - Spike.StartMs + 1;
        json.GetProperty("baselineRange").GetProperty("from").GetInt64().Should().Be(Spike.StartMs - length);
        json.GetProperty("baselineRange").GetProperty("to").GetInt64().Should().Be(Spike.StartMs - 1);

        var first = json.GetProperty("functions")[0];
        first.GetProperty("function").GetString().Should().Be("regexp.MustCompile");
        first.GetProperty("caller").GetString().Should().Be("checkout/internal/pricing.(*Calculator).applyPromotions");
        first.GetProperty("baseline").GetDouble().Should().Be(0, "the spike's code path did not run before");
        // Far beyond chance (the noise also carries the buckets' unequal count of one-minute profiles).
        first.GetProperty("delta").GetDouble().Should().BeGreaterThan(3 * first.GetProperty("noise").GetDouble());
        first.GetProperty("share").GetDouble().Should().BeGreaterThan(0.5);

        // Both pods spiked alike (each pod is in its own region, so the regions rank with them);
        // labels with one value (the service, its version) explain nothing.
        var labels = json.GetProperty("labels").EnumerateArray().ToList();
        labels.Take(4).Select(l => l.GetProperty("label").GetString()).Should().BeEquivalentTo(["pod", "region", "pod", "region"]);
        labels[0].GetProperty("label").GetString().Should().Be("pod", "ties go by label name");
        labels.Select(l => l.GetProperty("label").GetString()).Should().NotContain(["service_name", "version", "namespace"]);
        labels.Where(l => l.GetProperty("label").GetString() == "pod").Sum(l => l.GetProperty("share").GetDouble())
            .Should().BeApproximately(1, 1e-9, "the pods partition the service");

        var pair = json.GetProperty("pairs")[0];
        pair.GetProperty("label").GetString().Should().Be("pod");
        pair.GetProperty("function").GetString().Should().Be("regexp.MustCompile");
    }

    [Test]
    public async Task The_cart_regression_ranks_the_new_version_and_the_session_cache_first()
    {
        var regression = new TimeRange(Demo.Summary.RegressionStart.ToUnixTimeMilliseconds(), DemoStore.Now.ToUnixTimeMilliseconds());

        var json = Json(await GetAsync(Demo.Instance, "changes", Query(InuseSpace, "cart", regression)));

        var label = json.GetProperty("labels")[0];
        (label.GetProperty("label").GetString(), label.GetProperty("value").GetString()).Should().Be(("version", "v1.9.0"));
        label.GetProperty("baseline").GetDouble().Should().Be(0);
        var function = json.GetProperty("functions")[0];
        function.GetProperty("function").GetString().Should().Be("cart/internal/session.(*Cache).Put");
        function.GetProperty("caller").GetString().Should().Be("cart/internal/api.(*Handler).AddItem");
        var pair = json.GetProperty("pairs")[0];
        (pair.GetProperty("value").GetString(), pair.GetProperty("function").GetString()).Should().Be(("v1.9.0", "cart/internal/session.(*Cache).Put"));
    }

    [Test]
    public async Task Rates_are_the_stores_exact_sums_per_second_of_each_range()
    {
        var baseline = new TimeRange(Spike.StartMs - 1_800_000, Spike.StartMs - 1);
        var json = Json(await GetAsync(Demo.Instance, "changes",
            Query(DemoStore.GoCpu, "checkout", Spike, $"&baselineFrom={baseline.StartMs}&baselineTo={baseline.EndMs}")));

        var spikeTotal = Total(await Demo.Store.MergeStacksAsync(DemoStore.GoCpu, Selector("checkout"), Spike));
        var baselineTotal = Total(await Demo.Store.MergeStacksAsync(DemoStore.GoCpu, Selector("checkout"), baseline));
        var total = json.GetProperty("total");
        total.GetProperty("comparison").GetDouble().Should().BeApproximately(spikeTotal / Seconds(Spike), 1e-6);
        total.GetProperty("baseline").GetDouble().Should().BeApproximately(baselineTotal / Seconds(baseline), 1e-6);
        total.GetProperty("delta").GetDouble().Should().BeApproximately(spikeTotal / Seconds(Spike) - baselineTotal / Seconds(baseline), 1e-6);

        // A label value's rate is that value's own merge, per second.
        foreach (var label in json.GetProperty("labels").EnumerateArray())
        {
            var selector = $"{{service_name=\"checkout\",{label.GetProperty("label").GetString()}=\"{label.GetProperty("value").GetString()}\"}}";
            var own = Total(await Demo.Store.MergeStacksAsync(DemoStore.GoCpu, selector, Spike));
            label.GetProperty("comparison").GetDouble().Should().BeApproximately(own / Seconds(Spike), 1e-6, selector);
        }
    }

    [Test]
    public async Task Filters_apply_to_every_bucket()
    {
        var json = Json(await GetAsync(Demo.Instance, "changes", Query(DemoStore.GoCpu, "checkout", Spike, $"&hide={Q("^regexp")}")));

        var functions = json.GetProperty("functions").EnumerateArray().Select(f => f.GetProperty("function").GetString()).ToList();
        functions.Should().NotContain(f => f!.StartsWith("regexp", StringComparison.Ordinal));
        // With the regexp frames hidden, the spike's cost is applyPromotions' own.
        var first = json.GetProperty("functions")[0];
        first.GetProperty("function").GetString().Should().Be("checkout/internal/pricing.(*Calculator).applyPromotions");
        first.GetProperty("self").GetProperty("delta").GetDouble().Should().Be(first.GetProperty("delta").GetDouble());
    }

    [TestCase("limit=0", "limit")]
    [TestCase("limit=abc", "limit")]
    [TestCase("baselineFrom=2000&baselineTo=1000", "baselineFrom")]
    [TestCase("focus=%28", "focus")]
    public async Task Bad_parameters_are_refused_naming_them(string extra, string parameter)
    {
        var response = await GetAsync(Demo.Instance, "changes", Query(DemoStore.GoCpu, "checkout", Spike, "&" + extra));

        response.Status.Should().Be(400, Text(response));
        Message(response).Should().Contain(parameter);
    }

    [Test]
    public async Task A_profile_type_is_required()
    {
        var response = await GetAsync(Demo.Instance, "changes", $"from={Spike.StartMs}&to={Spike.EndMs}");

        response.Status.Should().Be(400);
        Message(response).Should().Contain("profileType");
    }

    [Test]
    public async Task Function_trends_sum_to_the_function_table_and_show_the_spike_in_its_buckets()
    {
        var range = new TimeRange(Spike.StartMs - 600_000, Spike.EndMs);
        var response = await GetAsync(Demo.Instance, "function-trends", Query(DemoStore.GoCpu, "checkout", range, "&points=20&limit=500"));

        response.Status.Should().Be(200, Text(response));
        var json = Json(response);
        var table = Hotpath.Engine.FunctionTables.FunctionTable.Build(await Demo.Store.MergeStacksAsync(DemoStore.GoCpu, Selector("checkout"), range));
        var rows = json.GetProperty("functions").EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("name").GetString()).Should().Equal(table.SortedBySelf().Select(f => f.Name), "the function table's order");
        foreach (var row in rows)
        {
            table.TryGet(row.GetProperty("name").GetString()!, out var f).Should().BeTrue();
            row.GetProperty("self").EnumerateArray().Sum(v => v.GetInt64()).Should().Be(f.Self, f.Name);
            row.GetProperty("total").EnumerateArray().Sum(v => v.GetInt64()).Should().Be(f.Total, f.Name);
        }

        var compile = rows.Single(r => r.GetProperty("name").GetString() == "regexp.MustCompile");
        var buckets = compile.GetProperty("total").EnumerateArray().Select(v => v.GetInt64()).ToList();
        buckets.Take(9).Should().OnlyContain(v => v == 0, "the first half of the range is before the spike");
        buckets.Skip(11).Should().OnlyContain(v => v > 0, "the second half is the spike");
        var change = compile.GetProperty("change");
        change.GetProperty("baseline").GetDouble().Should().Be(0, "the previous period had no spike");
        change.GetProperty("delta").GetDouble().Should().BeGreaterThan(0);
        json.GetProperty("previousRange").GetProperty("to").GetInt64().Should().Be(range.StartMs - 1);
    }

    [TestCase("points=1", "points")]
    [TestCase("points=121", "points")]
    [TestCase("limit=0", "limit")]
    [TestCase("show=%5B", "show")]
    public async Task Function_trends_refuse_bad_parameters_naming_them(string extra, string parameter)
    {
        var response = await GetAsync(Demo.Instance, "function-trends", Query(DemoStore.GoCpu, "checkout", Spike, "&" + extra));

        response.Status.Should().Be(400, Text(response));
        Message(response).Should().Contain(parameter);
    }

    private static double Seconds(TimeRange r) => (r.EndMs - r.StartMs + 1) / 1000.0;

    private static long Total(Hotpath.Engine.Stacks.StackSet stacks)
    {
        long sum = 0;
        foreach (var v in stacks.Values)
        {
            sum += v;
        }
        return sum;
    }
}
