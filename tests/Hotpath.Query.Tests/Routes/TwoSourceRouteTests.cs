using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Stacks;
using Hotpath.Query.Routing;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using NUnit.Framework;
using static Hotpath.Query.Tests.Routes.Support.RouteCalls;

namespace Hotpath.Query.Tests.Routes;

/// <summary>
/// The flame-graph routes over the embedded store and over a real <c>gpx_hotpath serve</c> holding
/// the same data (<see cref="TwoSources"/>): every answer must be the same, byte for byte where the
/// format is ours, and the same stacks where it is a pprof file.
/// </summary>
public class TwoSourceRouteTests
{
    private static TwoSources _two = null!;
    private static HotpathInstance _instance = null!;

    [OneTimeSetUp]
    public static async Task Start()
    {
        _two = await TwoSources.GetAsync();
        var settings = HotpathSettings.Parse(
            System.Text.Encoding.UTF8.GetBytes($$"""{"dataSources":[{"uid":"{{TwoSources.EmbeddedUid}}","kind":"embedded","default":true},{"uid":"{{TwoSources.PyroscopeUid}}","kind":"pyroscope","url":"{{_two.ServeUrl}}"}]}"""),
            new Dictionary<string, string>(), "/unused");
        _instance = new HotpathInstance(settings, new EmbeddedStore(_two.Store), TimeProvider.System);
    }

    private static string Range => $"from={TwoSources.Range.StartMs}&to={TwoSources.Range.EndMs}";

    private static async Task<(ResourceResponse Embedded, ResourceResponse Serve)> BothAsync(string path, string query)
    {
        var embedded = await GetAsync(_instance, path, $"{query}&datasource={TwoSources.EmbeddedUid}");
        var serve = await GetAsync(_instance, path, $"{query}&datasource={TwoSources.PyroscopeUid}");
        embedded.Status.Should().Be(200, Text(embedded));
        serve.Status.Should().Be(200, Text(serve));
        return (embedded, serve);
    }

    [TestCase(TwoSources.Cpu, "{service_name=\"checkout\"}", 16384)]
    [TestCase(TwoSources.Cpu, "{}", 64)]
    [TestCase(TwoSources.AllocBytes, "{service_name=\"cart\", region=\"eu-west-1\"}", 200)]
    [TestCase(TwoSources.InuseBytes, "{service_name=~\"ca.*\"}", 30)]
    public async Task FlameGraph_IsTheSameOverBothSources(string type, string selector, int maxNodes)
    {
        var (embedded, serve) = await BothAsync("flamegraph", $"profileType={Q(type)}&selector={Q(selector)}&{Range}&maxNodes={maxNodes}");

        Json(embedded).GetProperty("flamegraph").GetProperty("total").GetInt64().Should().BePositive();
        Text(serve).Should().Be(Text(embedded));
    }

    [Test]
    public async Task Sandwich_IsTheSameOverBothSources()
    {
        var query = $"profileType={Q(TwoSources.Cpu)}&selector={Q("{service_name=\"checkout\"}")}&{Range}";
        var functions = Json(await GetAsync(_instance, "flamegraph", query + "&maxFunctions=5")).GetProperty("functions").GetProperty("rows");

        foreach (var row in functions.EnumerateArray())
        {
            var (embedded, serve) = await BothAsync("sandwich", $"{query}&function={Q(row.GetProperty("name").GetString()!)}&maxNodes=50");

            Text(serve).Should().Be(Text(embedded));
        }
    }

    [Test]
    public async Task Diff_IsTheSameWhicheverSourceEachSideReads()
    {
        var half = (TwoSources.Range.StartMs + TwoSources.Range.EndMs) / 2;
        string Query(string baseline, string comparison) =>
            $"profileType={Q(TwoSources.Cpu)}&maxNodes=100" +
            $"&baselineDatasource={baseline}&baselineSelector={Q("{service_name=\"checkout\"}")}&baselineFrom={TwoSources.Range.StartMs}&baselineTo={half}" +
            $"&comparisonDatasource={comparison}&comparisonSelector={Q("{service_name=\"checkout\"}")}&comparisonFrom={half + 1}&comparisonTo={TwoSources.Range.EndMs}";

        var answers = new List<string>();
        foreach (var baseline in TwoSources.Names)
        {
            foreach (var comparison in TwoSources.Names)
            {
                var response = await GetAsync(_instance, "diff", Query(baseline, comparison));
                response.Status.Should().Be(200, Text(response));
                answers.Add(Text(response));
            }
        }

        answers.Distinct().Should().HaveCount(1);
        var graph = Json(await GetAsync(_instance, "diff", Query(TwoSources.EmbeddedUid, TwoSources.PyroscopeUid))).GetProperty("flamegraph");
        graph.GetProperty("leftTotal").GetInt64().Should().BePositive();
        graph.GetProperty("rightTotal").GetInt64().Should().BePositive();
    }

    [TestCase("folded")]
    [TestCase("flamebearer")]
    public async Task TextExports_AreTheSameOverBothSources(string format)
    {
        var (embedded, serve) = await BothAsync("export", $"format={format}&profileType={Q(TwoSources.AllocBytes)}&selector={Q("{service_name=\"cart\"}")}&{Range}&maxNodes=100");

        embedded.Body.Length.Should().BeGreaterThan(100);
        Text(serve).Should().Be(Text(embedded));
        serve.Headers["Content-Disposition"].Should().Be(embedded.Headers["Content-Disposition"]);
    }

    [Test]
    public async Task PprofExport_DecodesToTheSameStacksOverBothSources()
    {
        var (embedded, serve) = await BothAsync("export", $"format=pprof&profileType={Q(TwoSources.Cpu)}&selector={Q("{service_name=\"payment\"}")}&{Range}");

        Folded(serve.Body).Should().Equal(Folded(embedded.Body)).And.NotBeEmpty();
    }

    private static string[] Folded(ReadOnlyMemory<byte> pprof)
    {
        var profile = PprofReader.Read(pprof, "export");
        var merger = new ProfileMerger(new NameTable());
        merger.Add(profile, 0, "export");
        return FoldedFormat.Lines(merger.Stacks);
    }
}
