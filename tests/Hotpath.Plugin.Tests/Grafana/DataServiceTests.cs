using System.Text.Json;
using FluentAssertions;
using Google.Protobuf;
using Grpc.Core;
using Hotpath.Plugin.Frames.Arrow;
using Hotpath.Plugin.Grafana;
using Hotpath.Plugin.Protocol.PluginV2;
using Hotpath.Plugin.Tests.Frames;
using Hotpath.Plugin.Tests.Hosting;
using Hotpath.Query.DataQueries;
using Hotpath.Query.Frames;
using Hotpath.Query.Sources;
using Hotpath.Query.Stores;
using Hotpath.Store.Demo;
using Hotpath.Store.Storage;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using PluginTimeRange = Hotpath.Plugin.Protocol.PluginV2.TimeRange;
using StoreTimeRange = Hotpath.Engine.Selection.TimeRange;

namespace Hotpath.Plugin.Tests.Grafana;

/// <summary>
/// QueryData of the nested data source over a store seeded with the demo shop: frames carry the
/// numbers the store itself answers, in the shapes Grafana's Pyroscope data source sends, and bad
/// queries fail one by one.
/// </summary>
public class DataServiceTests
{
    private const string Cpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private static readonly HttpClient Http = new();
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly StoreTimeRange Range = new(Now.AddHours(-1).ToUnixTimeMilliseconds(), Now.ToUnixTimeMilliseconds());

    private string _folder = null!;
    private StoreRegistry _stores = null!;
    private PluginServer _server = null!;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "hotpath-querydata-" + Guid.NewGuid().ToString("N"));
        await using (var store = ProfileStore.Open(_folder))
        {
            await DemoData.Seed(store, Now, hours: 1, seed: 7);
        }
        _stores = new StoreRegistry();
        // The server's instances lease from the test's registry, so both read one open store.
        _server = await PluginServer.StartAsync(_folder, services => services.AddSingleton(_stores));
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        await _server.DisposeAsync();
        _stores.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private PluginContext Context() => new()
    {
        OrgId = 1,
        PluginId = "hotpath-profiles-datasource",
        DataSourceInstanceSettings = new DataSourceInstanceSettings
        {
            Uid = "hotpath-ds",
            JsonData = ByteString.CopyFromUtf8(JsonSerializer.Serialize(new { storePath = _folder })),
            LastUpdatedMS = 1,
        },
    };

    private static DataQuery Query(string refId, object json, string queryType = "") => new()
    {
        RefId = refId,
        QueryType = queryType,
        IntervalMS = 15_000,
        MaxDataPoints = 1000,
        TimeRange = new PluginTimeRange { FromEpochMS = Range.StartMs, ToEpochMS = Range.EndMs },
        Json = ByteString.CopyFromUtf8(JsonSerializer.Serialize(json)),
    };

    private async Task<QueryDataResponse> Send(params DataQuery[] queries)
    {
        var request = new QueryDataRequest { PluginContext = Context() };
        request.Queries.AddRange(queries);
        return await _server.Calls.AsyncUnaryCall(PluginMethods.QueryData, null, new CallOptions(), request);
    }

    private async Task<IReadOnlyList<DataFrame>> Frames(object json, string queryType = "")
    {
        var model = ProfileQuery.Parse(DataService.Input(Query("A", json, queryType)), Hotpath.Query.Settings.QueryLimits.Default);
        using var use = new InstanceManager(_folder, _stores, Http, TimeProvider.System, TimeSpan.Zero).Use(Context());
        return await QueryRunner.RunAsync(model, use.Instance, CancellationToken.None);
    }

    [Test]
    public async Task Profile_FlameGraphFrame_HasGrafanasFieldsAndTheStoresTotal()
    {
        var frames = await Frames(new { queryType = "profile", profileTypeId = Cpu, labelSelector = """{service_name="checkout"}""", maxNodes = 16384 });

        var frame = frames.Should().ContainSingle().Subject;
        frame.Name.Should().Be("response");
        frame.Meta!["preferredVisualisationType"]!.GetValue<string>().Should().Be("flamegraph");
        frame.Fields.Select(f => f.Name).Should().Equal("level", "value", "self", "label");
        frame.Fields[1].Config!["unit"]!.GetValue<string>().Should().Be("ns");
        frame.Fields[3].Kind.Should().Be(FieldKind.Enum);

        using var lease = _stores.Acquire(_folder);
        var stacks = await ((EmbeddedStore)lease.Store).Store.MergeStacksAsync(Cpu, """{service_name="checkout"}""", Range);
        var expected = 0L;
        foreach (var v in stacks.Values)
        {
            expected += v;
        }
        expected.Should().BePositive();
        ((long[])frame.Fields[1].Values)[0].Should().Be(expected, "the root's value is the merged total");
        ((long[])frame.Fields[0].Values)[0].Should().Be(0);
    }

    [Test]
    public async Task Metrics_GroupedByService_OneFramePerServiceWithTheStoresSums()
    {
        var frames = await Frames(new { profileTypeId = Cpu, labelSelector = "{}", groupBy = new[] { "service_name" } }, "metrics");

        using var lease = _stores.Acquire(_folder);
        var series = await ((EmbeddedStore)lease.Store).Store.SelectSeriesAsync(new SeriesQuery(Cpu, "{}", Range, 15) { GroupBy = ["service_name"] });
        frames.Should().HaveCount(series.Count).And.OnlyContain(f => f.Name == "series");
        foreach (var s in series)
        {
            var service = s.Labels.Get("service_name")!;
            var frame = frames.Single(f => f.Fields[1].Labels!["service_name"] == service);
            frame.Fields[0].Kind.Should().Be(FieldKind.Time);
            frame.Fields[1].Name.Should().Be("cpu");
            ((double[])frame.Fields[1].Values).Sum().Should().BeApproximately(s.Points.Sum(p => p.Value), 1e-6);
            ((long[])frame.Fields[0].Values).Should().Equal(s.Points.Select(p => p.TimestampMs * 1_000_000));
        }
    }

    [Test]
    public async Task Both_SeriesThenTheFlameGraph()
    {
        var frames = await Frames(new { queryType = "both", profileTypeId = Cpu, labelSelector = """{service_name="cart"}""" });

        frames.Should().HaveCountGreaterThan(1);
        frames[^1].Name.Should().Be("response");
        frames.SkipLast(1).Should().OnlyContain(f => f.Name == "series");
    }

    [Test]
    public async Task QueryData_AnswersArrowFramesPerRefId_AndBadQueriesFailAlone()
    {
        var response = await Send(
            Query("ok", new { profileTypeId = Cpu, labelSelector = "{}", datasource = new { type = "hotpath-profiles-datasource", uid = "hotpath-ds" } }, "profile"),
            Query("type", new { profileTypeId = "cpu" }, "profile"),
            Query("selector", new { profileTypeId = Cpu, labelSelector = "{service_name=}" }, "metrics"),
            Query("span", new { profileTypeId = Cpu, spanSelector = new[] { "abc" } }, "profile"),
            Query("nodes", new { profileTypeId = Cpu, maxNodes = 0 }, "profile"),
            Query("kind", new { profileTypeId = Cpu }, "logs"),
            Query("source", new { profileTypeId = Cpu, source = "nope" }, "profile"),
            Query("group", new { profileTypeId = Cpu, groupBy = new[] { "pod", "pod" } }, "metrics"),
            Query("label", new { profileTypeId = Cpu, groupBy = new[] { "a b" } }, "metrics"));

        var ok = response.Responses["ok"];
        ok.Status.Should().Be(200);
        ok.Error.Should().BeEmpty();
        ok.Frames.Should().ContainSingle();
        ok.Frames[0].Span.StartsWith("ARROW1"u8).Should().BeTrue();

        var expectations = new Dictionary<string, string>
        {
            ["type"] = "profileTypeId 'cpu' is not a profile type id",
            ["selector"] = "labelSelector:",
            ["span"] = "spanSelector is not supported",
            ["nodes"] = "maxNodes must be from 1 to",
            ["kind"] = "queryType must be 'profile', 'metrics' or 'both', not 'logs'",
            ["source"] = "no data source with uid 'nope'",
            ["group"] = "groupBy names a label twice",
            ["label"] = "groupBy: 'a b' is not a label name",
        };
        foreach (var (refId, text) in expectations)
        {
            var r = response.Responses[refId];
            r.Status.Should().Be(400, refId);
            r.ErrorSource.Should().Be("downstream", refId);
            r.Error.Should().StartWith($"query {refId}: ").And.Contain(text);
            r.Frames.Should().BeEmpty();
        }
    }

    [Test]
    public async Task QueryData_FramesDecodeWithTheRealArrowReader()
    {
        var frames = await Frames(new { queryType = "both", profileTypeId = Cpu, labelSelector = """{service_name="checkout"}""", maxNodes = 64 });
        var dir = Path.Combine(_folder, "arrow-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i].WithRefId("A");
            File.WriteAllBytes(Path.Combine(dir, $"f{i}.arrow"), ArrowFrameWriter.Write(frame));
            File.WriteAllText(Path.Combine(dir, $"f{i}.expect.json"), FrameExpectation.ToJson(frame));
        }

        var (exit, output) = ArrowChecker.Run(dir);

        exit.Should().Be(0, output);
    }
}
