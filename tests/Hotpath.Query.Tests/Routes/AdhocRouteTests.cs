using System.IO.Compression;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Hotpath.Query.Settings;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;
using static Hotpath.Query.Tests.Routes.Support.RouteCalls;

namespace Hotpath.Query.Tests.Routes;

public class AdhocRouteTests
{
    private const string Heap = "grafana-pyroscope/pkg/og/convert/pprof/testdata/heap.pb.gz";
    private const string RawHeap = "grafana-pyroscope/pkg/og/convert/pprof/testdata/heap.pb";
    private const string LargeCpu = "google-pprof/internal/proftest/testdata/large.cpu";
    private const string Folded = "flamegraph/test/results/perf-dd-stacks-01-collapsed-all.txt";
    private const string InuseSpace = "memory:inuse_space:bytes:space:bytes";

    private DemoStore _demo = null!;

    [SetUp]
    public async Task Open() => _demo = await DemoStore.OpenAsync(QueryLimits.Default with { MaxAdhocUploadBytes = 2 * 1024 * 1024 });

    [TearDown]
    public async Task Close() => await _demo.DisposeAsync();

    private Task<Hotpath.Query.Routing.ResourceResponse> UploadAsync(byte[] body, string name = "file.pb.gz", long org = 1, string? user = "alice") =>
        CallAsync(_demo.Instance, "POST", "adhoc/upload", $"name={Q(name)}", body, org, user);

    private async Task<string> UploadIdAsync(string corpusFile, string? user = "alice")
    {
        var response = await UploadAsync(await File.ReadAllBytesAsync(Corpus.File(corpusFile)), Path.GetFileName(corpusFile), user: user);
        response.Status.Should().Be(200, Text(response));
        return Json(response).GetProperty("id").GetString()!;
    }

    [Test]
    public async Task Upload_ListsEverySampleTypeAsAProfileType_AndExpiresAfterTheRetention()
    {
        var response = await UploadAsync(await File.ReadAllBytesAsync(Corpus.File(Heap)), "heap.pb.gz");

        response.Status.Should().Be(200, Text(response));
        var json = Json(response);
        json.GetProperty("name").GetString().Should().Be("heap.pb.gz");
        json.GetProperty("id").GetString().Should().MatchRegex("^[0-9a-f]{32}$");
        json.GetProperty("profileTypes").EnumerateArray().Select(t => t.GetProperty("id").GetString()).Should().Equal(
            "memory:alloc_objects:count:space:bytes", "memory:alloc_space:bytes:space:bytes",
            "memory:inuse_objects:count:space:bytes", InuseSpace);
        json.GetProperty("expiresAtMs").GetInt64().Should().Be(DemoStore.Now.AddHours(24).ToUnixTimeMilliseconds());
        json.GetProperty("uploadedAtMs").GetInt64().Should().Be(DemoStore.Now.ToUnixTimeMilliseconds());
    }

    [TestCase(Heap, "inuse_space", InuseSpace, 8192)]
    [TestCase(RawHeap, "alloc_objects", "memory:alloc_objects:count:space:bytes", 50)]
    [TestCase(LargeCpu, "cpu", "process_cpu:cpu:nanoseconds:cpu:nanoseconds", 300)]
    public async Task FlameGraph_EqualsTheCommandLinesForTheSameFile(string file, string sampleType, string profileType, int maxNodes)
    {
        var id = await UploadIdAsync(file);
        var cli = await Cli.RunAsync("flamegraph", "--strict-max-nodes", "--format", "nested", "--max-nodes", maxNodes.ToString(), "--sample-type", sampleType, Corpus.File(file));

        var response = await GetAsync(_demo.Instance, "adhoc/flamegraph", $"id={id}&profileType={Q(profileType)}&maxNodes={maxNodes}", user: "alice");

        response.Status.Should().Be(200, Text(response));
        var graph = Json(response).GetProperty("flamegraph");
        JsonSerializer.Serialize(graph).Should().Be(JsonSerializer.Serialize(JsonDocument.Parse(cli).RootElement));
        Json(response).GetProperty("functions").GetProperty("total").GetInt64().Should().Be(graph.GetProperty("total").GetInt64());
    }

    [Test]
    public async Task FlameGraph_WithoutProfileType_IsTheFilesDefault_AsTheCommandLineChooses()
    {
        var id = await UploadIdAsync(LargeCpu);
        var cli = await Cli.RunAsync("flamegraph", "--strict-max-nodes", "--format", "nested", "--max-nodes", "1000", Corpus.File(LargeCpu));

        var json = Json(await GetAsync(_demo.Instance, "adhoc/flamegraph", $"id={id}&maxNodes=1000", user: "alice"));

        json.GetProperty("profileType").GetProperty("id").GetString().Should().Be("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        JsonSerializer.Serialize(json.GetProperty("flamegraph")).Should().Be(JsonSerializer.Serialize(JsonDocument.Parse(cli).RootElement));
    }

    [Test]
    public async Task FoldedUpload_IsOneProfileType_AndEqualsTheCommandLine()
    {
        var id = await UploadIdAsync(Folded);
        var cli = await Cli.RunAsync("flamegraph", "--strict-max-nodes", "--format", "nested", "--max-nodes", "100", Corpus.File(Folded));

        var json = Json(await GetAsync(_demo.Instance, "adhoc/flamegraph", $"id={id}&maxNodes=100", user: "alice"));

        json.GetProperty("profileType").GetProperty("id").GetString().Should().Be("folded:samples:count::");
        JsonSerializer.Serialize(json.GetProperty("flamegraph")).Should().Be(JsonSerializer.Serialize(JsonDocument.Parse(cli).RootElement));
    }

    [Test]
    public async Task Diff_TotalsEqualEachUploadsFlameGraph()
    {
        var heap = await UploadIdAsync(Heap);
        var raw = await UploadIdAsync(RawHeap);
        var left = Json(await GetAsync(_demo.Instance, "adhoc/flamegraph", $"id={heap}&profileType={Q(InuseSpace)}", user: "alice"));
        var right = Json(await GetAsync(_demo.Instance, "adhoc/flamegraph", $"id={raw}&profileType=memory%3Aalloc_space%3Abytes%3Aspace%3Abytes", user: "alice"));

        var response = await GetAsync(_demo.Instance, "adhoc/diff",
            $"baselineId={heap}&comparisonId={raw}&baselineProfileType={Q(InuseSpace)}&comparisonProfileType=memory%3Aalloc_space%3Abytes%3Aspace%3Abytes", user: "alice");

        response.Status.Should().Be(200, Text(response));
        var json = Json(response);
        json.GetProperty("flamegraph").GetProperty("leftTotal").GetInt64().Should().Be(left.GetProperty("flamegraph").GetProperty("total").GetInt64());
        json.GetProperty("flamegraph").GetProperty("rightTotal").GetInt64().Should().Be(right.GetProperty("flamegraph").GetProperty("total").GetInt64());
        json.GetProperty("comparisonProfileType").GetProperty("id").GetString().Should().Be("memory:alloc_space:bytes:space:bytes");
        json.GetProperty("functions").GetProperty("baselineTotal").GetInt64().Should().Be(left.GetProperty("functions").GetProperty("total").GetInt64());
    }

    [Test]
    public async Task List_IsPerUserAndOrg_NewestFirst_AndDropsExpiredUploads()
    {
        var first = await UploadIdAsync(Heap);
        _demo.Clock.Advance(TimeSpan.FromHours(1));
        var second = await UploadIdAsync(Folded);
        await UploadIdAsync(Heap, user: "bob");

        var alice = Json(await GetAsync(_demo.Instance, "adhoc/list", user: "alice")).GetProperty("profiles");
        alice.EnumerateArray().Select(p => p.GetProperty("id").GetString()).Should().Equal(second, first);
        var bob = Json(await GetAsync(_demo.Instance, "adhoc/list", user: "bob")).GetProperty("profiles");
        bob.GetArrayLength().Should().Be(1);
        var otherOrg = Json(await GetAsync(_demo.Instance, "adhoc/list", orgId: 2, user: "alice")).GetProperty("profiles");
        otherOrg.GetArrayLength().Should().Be(0);

        var stolen = await GetAsync(_demo.Instance, "adhoc/flamegraph", $"id={first}", user: "bob");
        stolen.Status.Should().Be(404, "another user's upload is not visible");

        _demo.Clock.Advance(TimeSpan.FromHours(23.5));
        Json(await GetAsync(_demo.Instance, "adhoc/list", user: "alice")).GetProperty("profiles")
            .EnumerateArray().Select(p => p.GetProperty("id").GetString()).Should().Equal(second);
        var expired = await GetAsync(_demo.Instance, "adhoc/flamegraph", $"id={first}", user: "alice");
        expired.Status.Should().Be(404);
        Message(expired).Should().Contain($"ad hoc profile '{first}' (heap.pb.gz) expired at");
    }

    [Test]
    public async Task RetentionSweep_DeletesExpiredUploads()
    {
        var id = await UploadIdAsync(Heap);
        _demo.Clock.Advance(TimeSpan.FromHours(25));

        var report = await _demo.Store.SweepAsync();

        report.DeletedAdhocProfiles.Should().Be(1);
        var gone = await GetAsync(_demo.Instance, "adhoc/flamegraph", $"id={id}", user: "alice");
        gone.Status.Should().Be(404);
        Message(gone).Should().Contain($"no ad hoc profile with id '{id}'");
    }

    [Test]
    public async Task BadUploads_Are400or413_NamingTheProblem_AndStoreNothing()
    {
        var heap = await File.ReadAllBytesAsync(Corpus.File(Heap));
        var raw = await File.ReadAllBytesAsync(Corpus.File(RawHeap));
        var cases = new (string Name, byte[] Body, int Status, string Message)[]
        {
            ("empty", [], 400, "the request body is empty"),
            ("cut.pb.gz", heap[..(heap.Length / 2)], 400, "cut.pb.gz"),
            ("cut.pb", raw[..(raw.Length - 100)], 400, "cut.pb: truncated"),
            ("garbage.pb", [0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02], 400, "garbage.pb"),
            ("bomb.gz", Gzip(new byte[80 * 1024 * 1024]), 400, "bomb.gz"),
            ("big.txt", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a;b 1\n", 400_000))), 413, "the limit is 2097152 bytes"),
            ("bad.folded", "main;work notanumber\n"u8.ToArray(), 400, "bad.folded: line 1: value 'notanumber' is not a 64-bit integer"),
        };
        foreach (var c in cases)
        {
            var response = await UploadAsync(c.Body, c.Name);

            response.Status.Should().Be(c.Status, $"{c.Name}: {Text(response)}");
            Message(response).Should().Contain(c.Message, c.Name);
        }
        Json(await GetAsync(_demo.Instance, "adhoc/list", user: "alice")).GetProperty("profiles").GetArrayLength().Should().Be(0);
    }

    [TestCase("adhoc/flamegraph", "id=0123456789abcdef0123456789abcdef", 404, "parameter 'id': no ad hoc profile with id")]
    [TestCase("adhoc/flamegraph", "", 400, "parameter 'id': is required")]
    [TestCase("adhoc/flamegraph", "id=x&maxNodes=0", 400, "parameter 'maxNodes'")]
    [TestCase("adhoc/diff", "baselineId=x", 400, "parameter 'comparisonId': is required")]
    public async Task BadIdsAndParameters_AreRefused(string path, string query, int status, string message)
    {
        var response = await GetAsync(_demo.Instance, path, query, user: "alice");

        response.Status.Should().Be(status, Text(response));
        Message(response).Should().Contain(message);
    }

    [Test]
    public async Task ProfileTypeTheFileDoesNotHave_Is400ListingItsTypes()
    {
        var id = await UploadIdAsync(Heap);

        var response = await GetAsync(_demo.Instance, "adhoc/flamegraph", $"id={id}&profileType={Q(DemoStore.GoCpu)}", user: "alice");

        response.Status.Should().Be(400);
        Message(response).Should().Contain($"parameter 'profileType': '{DemoStore.GoCpu}' is not a profile type of 'heap.pb.gz'").And.Contain(InuseSpace);
    }

    [Test]
    public async Task WithoutAStore_AnswersAPluginErrorNamingIt()
    {
        var instance = DemoStore.NewInstance(null, _demo.Clock);

        foreach (var (method, path) in new[] { ("POST", "adhoc/upload"), ("GET", "adhoc/list"), ("GET", "favorites"), ("GET", "settings") })
        {
            var response = await CallAsync(instance, method, path, "", "main 1\n"u8.ToArray());

            response.Status.Should().Be(500, path);
            Json(response).GetProperty("kind").GetString().Should().Be("plugin");
            Message(response).Should().Contain("the embedded store is not open in this process");
        }
    }

    [Test]
    public async Task AdhocFolded_StillAnswersText()
    {
        var response = await CallAsync(_demo.Instance, "POST", "adhoc/folded", "", "b;c 2\na 1\n"u8.ToArray());

        response.Status.Should().Be(200);
        Text(response).Should().Be("a 1\nb;c 2\n");
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }
}
