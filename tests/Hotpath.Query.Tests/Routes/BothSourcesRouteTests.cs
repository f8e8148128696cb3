using System.Text.Json;
using FluentAssertions;
using Hotpath.Engine.Selection;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Routes;

/// <summary>
/// The view routes over the embedded store and over a Pyroscope source (a real serve process) holding
/// the same data: each answer is checked against the store's merges and label index, and the two
/// sources must answer byte for byte the same.
/// </summary>
public class BothSourcesRouteTests
{
    private const string Cpu = TwoSources.Cpu;
    private TwoSources _two = null!;
    private HotpathInstance _instance = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _two = await TwoSources.GetAsync();
        var end = DateTimeOffset.FromUnixTimeMilliseconds(TwoSources.Range.EndMs);
        _instance = _two.NewInstance(new FixedClock(end));
    }

    [OneTimeTearDown]
    public ValueTask TearDown() => _instance.DisposeAsync();

    private static string RangeQuery => RouteCall.RangeQuery(TwoSources.Range);

    private Task<RouteAnswer> Get(string source, string path, string query) =>
        RouteCall.GetAsync(_instance, path, $"datasource={source}&{query}");

    private static IEnumerable<TestCaseData> Calls()
    {
        var checkout = RouteCall.Escape("{service_name=\"checkout\"}");
        var callSite = RouteCall.Escape("[\"runtime.goexit\"]");
        yield return new TestCaseData("stats", "");
        yield return new TestCaseData("services", RangeQuery);
        yield return new TestCaseData("series", $"profileType={Cpu}&groupBy=service_name&step=300&{RangeQuery}");
        yield return new TestCaseData("series", $"profileType={Cpu}&groupBy=pod,region&limit=3&step=120&{RangeQuery}");
        yield return new TestCaseData("series", $"profileType={TwoSources.InuseBytes}&selector={checkout}&{RangeQuery}");
        yield return new TestCaseData("series", $"profileType={TwoSources.AllocBytes}&aggregation=average&groupBy=pod&{RangeQuery}");
        yield return new TestCaseData("function-series", $"profileType={Cpu}&selector={checkout}&groupBy=pod&step=600&callSite={callSite}&{RangeQuery}");
        yield return new TestCaseData("service", $"service=checkout&step=300&{RangeQuery}");
        yield return new TestCaseData("service", $"service=payment&selector={RouteCall.Escape("{region=\"eu-west-1\"}")}&{RangeQuery}");
        yield return new TestCaseData("labels", $"profileType={Cpu}&top=5&{RangeQuery}");
        yield return new TestCaseData("labels", $"profileType={TwoSources.InuseBytes}&selector={checkout}&{RangeQuery}");
        yield return new TestCaseData("label-names", $"selector={checkout}&{RangeQuery}");
        yield return new TestCaseData("label-names", $"profileType={Cpu}&{RangeQuery}");
        yield return new TestCaseData("label-values", $"name=pod&profileType={Cpu}&{RangeQuery}");
        yield return new TestCaseData("label-values", $"name=service_name&{RangeQuery}");
        // One millisecond, and a range inside one 10 s window of the services cache.
        var point = TwoSources.Range.EndMs - 60_000;
        yield return new TestCaseData("series", $"profileType={Cpu}&groupBy=service_name&from={point}&to={point}");
        yield return new TestCaseData("services", $"from={point + 1_000}&to={point + 5_000}");
    }

    [TestCaseSource(nameof(Calls))]
    public async Task Route_AnswersTheSameOverBothSources(string path, string query)
    {
        var embedded = await Get(TwoSources.EmbeddedUid, path, query);
        var pyroscope = await Get(TwoSources.PyroscopeUid, path, query);

        embedded.Status.Should().Be(200, embedded.Text);
        pyroscope.Status.Should().Be(200, pyroscope.Text);
        pyroscope.Text.Should().Be(embedded.Text);
        embedded.Text.Length.Should().BeGreaterThan(40, "the call selects data");
    }

    [TestCaseSource(typeof(TwoSources), nameof(TwoSources.Names))]
    public async Task Services_AreTheStoresServiceNames(string source)
    {
        var answer = await Get(source, "services", RangeQuery);

        answer.Status.Should().Be(200, answer.Text);
        answer.Json.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("name").GetString())
            .Should().Equal(await _two.Store.LabelValuesAsync(ReservedLabels.ServiceName, "{}", Services.ServicesCache.Round(TwoSources.Range)));
    }

    [TestCaseSource(typeof(TwoSources), nameof(TwoSources.Names))]
    public async Task SeriesPoints_AreTheMergedTotalsOfTheirBuckets(string source)
    {
        var answer = await Get(source, "series", $"profileType={Cpu}&groupBy=service_name&step=600&{RangeQuery}");

        answer.Status.Should().Be(200, answer.Text);
        var series = answer.Json.GetProperty("series").EnumerateArray().ToList();
        series.Should().NotBeEmpty();
        foreach (var s in series)
        {
            var service = s.GetProperty("labels").GetProperty("service_name").GetString();
            var timestamps = s.GetProperty("timestamps").EnumerateArray().Select(t => t.GetInt64()).ToList();
            var values = s.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
            for (var i = 0; i < timestamps.Count; i++)
            {
                values[i].Should().Be(await Truth.BucketTotalAsync(_two.Store, Cpu, $"{{service_name=\"{service}\"}}", timestamps[i], 600_000));
            }
            SeriesRouteTests.AssertStats(s, values);
        }
    }

    [TestCaseSource(typeof(TwoSources), nameof(TwoSources.Names))]
    public async Task LabelCardinalitiesAndTotals_AreTheStoresValuesAndMerges(string source)
    {
        var scoped = $"{{__profile_type__=\"{Cpu}\"}}";

        var answer = await Get(source, "labels", $"profileType={Cpu}&top=2&{RangeQuery}");

        answer.Status.Should().Be(200, answer.Text);
        foreach (var label in answer.Json.GetProperty("labels").EnumerateArray())
        {
            var name = label.GetProperty("name").GetString()!;
            label.GetProperty("cardinality").GetInt32().Should().Be((await _two.Store.LabelValuesAsync(name, scoped, TwoSources.Range)).Count, name);
            foreach (var value in label.GetProperty("values").EnumerateArray())
            {
                var v = value.GetProperty("value").GetString();
                value.GetProperty("total").GetDouble().Should().Be(await Truth.MergedTotalAsync(_two.Store, Cpu, $"{{{name}=\"{v}\"}}", TwoSources.Range), $"{name}={v}");
            }
        }
    }

    [TestCaseSource(typeof(TwoSources), nameof(TwoSources.Names))]
    public async Task FunctionSeries_PointsAreTheStoresCallSiteMerges(string source)
    {
        string[] callSite = ["runtime.goexit"];
        var answer = await Get(source, "function-series",
            $"profileType={Cpu}&selector={RouteCall.Escape("{service_name=\"checkout\"}")}&step=900&callSite={RouteCall.Escape(JsonSerializer.Serialize(callSite))}&{RangeQuery}");

        answer.Status.Should().Be(200, answer.Text);
        var s = answer.Json.GetProperty("series")[0];
        var timestamps = s.GetProperty("timestamps").EnumerateArray().Select(t => t.GetInt64()).ToList();
        var values = s.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
        values.Should().Contain(v => v > 0, "checkout's Go stacks start at runtime.goexit");
        for (var i = 0; i < timestamps.Count; i++)
        {
            var stacks = await _two.Store.MergeStacksAsync(Cpu, "{service_name=\"checkout\"}", new Engine.Selection.TimeRange(timestamps[i] - 900_000 + 1, timestamps[i]), callSite);
            values[i].Should().Be(stacks.Values.ToArray().Sum());
        }
    }

    [TestCaseSource(typeof(TwoSources), nameof(TwoSources.Names))]
    public async Task BadSelector_Is400OverEitherSource(string source)
    {
        var answer = await Get(source, "series", $"profileType={Cpu}&selector={RouteCall.Escape("{pod=~\"(\"}")}");

        answer.Status.Should().Be(400);
        answer.Message.Should().StartWith("parameter 'selector':");
    }
}
