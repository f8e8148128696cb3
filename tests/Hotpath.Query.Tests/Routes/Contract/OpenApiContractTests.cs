using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using Hotpath.Engine.Pprof;
using Hotpath.Query.Settings;
using Hotpath.Query.Tests.Routes.Support;
using Hotpath.Store.Demo;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Routes.Contract;

/// <summary>
/// docs/openapi.yaml against the routes' real answers over a store holding real data: every
/// operation is called with good requests, with each parameter broken in each way the document
/// says is refused, and with sources that fail, time out or are missing; every request must be
/// judged alike by route and document, and every answer (successes and errors) must match the
/// document's schema for its status and media type.
/// </summary>
public class OpenApiContractTests
{
    private const string Cpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private const string AllocSpace = "memory:alloc_space:bytes:space:bytes";
    private const string AllocObjects = "memory:alloc_objects:count:space:bytes";
    private const string FoldedType = "folded:samples:count::";
    private const string Checkout = "{service_name=\"checkout\"}";

    private static readonly string From = SeededStore.Range.StartMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static readonly string To = SeededStore.Range.EndMs.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private HotpathInstance _seeded = null!;
    private SmallStore _closed = null!;
    private HotpathInstance _failing = null!;
    private TcpListener _silent = null!;
    private HotpathInstance _slow = null!;
    private HotpathInstance _storeless = null!;

    [OneTimeSetUp]
    public async Task OpenSources()
    {
        _seeded = (await SeededStore.SharedAsync()).Instance();
        // A store closed under its instance: every read fails, as a broken source does (502).
        _closed = await SmallStore.CreateAsync();
        _failing = new HotpathInstance(HotpathSettings.Embedded(_closed.Folder), _closed.Store, new FixedClock(SeededStore.Now));
        await _closed.Store.DisposeAsync();
        // A Pyroscope source on loopback that accepts connections and never answers: the route's
        // time limit answers 504.
        _silent = new TcpListener(IPAddress.Loopback, 0);
        _silent.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)_silent.LocalEndpoint).Port}/";
        var slowSettings = HotpathSettings.Parse(Encoding.UTF8.GetBytes($$"""{"dataSources":[{"uid":"silent","kind":"pyroscope","url":"{{url}}","tenant":"team-a"}]}"""),
            new Dictionary<string, string>(), "/nonexistent/hotpath");
        _slow = new HotpathInstance(slowSettings with { Limits = QueryLimits.Default with { RequestTimeout = TimeSpan.FromMilliseconds(300) } }, store: null, new FixedClock(SeededStore.Now));
        // An embedded source whose store is not open in this process: 500 plugin.
        _storeless = new HotpathInstance(HotpathSettings.Embedded("/nonexistent/hotpath"), store: null, new FixedClock(SeededStore.Now));
    }

    [OneTimeTearDown]
    public async Task CloseSources()
    {
        _silent.Stop();
        _silent.Dispose();
        await _closed.DisposeAsync();
    }

    [Test]
    public void RouterAndDocument_NameTheSameOperations()
    {
        var routed = RouteCalls.Router.Routes.Select(r => $"{r.Method} {r.Path}").Order(StringComparer.Ordinal).ToList();
        var documented = OpenApiContract.Shared.Operations.Select(o => $"{o.Method} {o.Path}").Order(StringComparer.Ordinal).ToList();

        documented.Except(routed).Should().BeEmpty("every operation of docs/openapi.yaml must be a route");
        routed.Except(documented).Should().BeEmpty("every route must be in docs/openapi.yaml");
        Scripts.Keys.Order(StringComparer.Ordinal).Should().Equal(documented, "every operation needs a script in this test");
    }

    [Test]
    public void ErrorKinds_AreTheRoutersKinds()
    {
        var documented = OpenApiContract.Shared.Schemas["ErrorKind"]!["enum"]!.AsArray().Select(k => (string)k!);

        documented.Should().BeEquivalentTo(Enum.GetValues<Hotpath.Query.Routing.ErrorKind>().Select(k => Hotpath.Query.Routing.ErrorKindExtensions.Wire(k)).Distinct());
    }

    [Test]
    public void ProfileCategories_AreTheCodesCategories()
    {
        var documented = OpenApiContract.Shared.Schemas["ProfileCategory"]!["enum"]!.AsArray().Select(k => (string)k!);

        documented.Should().Equal(Enum.GetNames<Hotpath.Query.ProfileTypes.ProfileCategory>(), "the document lists them in picker order");
    }

    [Test]
    public void EverySchema_Compiles_AndItsExamplesMatchIt()
    {
        var contract = OpenApiContract.Shared;
        foreach (var (name, schema) in contract.Schemas)
        {
            // An unknown keyword or a broken $ref fails here.
            var act = () => contract.Validate($"#/components/schemas/{name}", schema!, null);
            act.Should().NotThrow($"schema {name} must compile");
            foreach (var example in schema!["examples"] as JsonArray ?? [])
            {
                contract.Validate($"#/components/schemas/{name}", schema, example).Should().BeEmpty($"the example of {name} must match it");
            }
        }
    }

    private static IEnumerable<TestCaseData> Operations() =>
        Scripts.Keys.Order(StringComparer.Ordinal).Select(k => new TestCaseData(k).SetName($"Operation_AnswersAsDocumented({k})"));

    [TestCaseSource(nameof(Operations))]
    public async Task Operation_AnswersAsDocumented(string operation)
    {
        var script = Scripts[operation];
        var (method, path) = (operation.Split(' ')[0], operation.Split(' ')[1]);
        await using var users = new EmptyStore();
        var tour = new OperationTour(OpenApiContract.Shared, method, path, script.UserData ? users.Instance : _seeded);

        await script.Run(this, tour, users);

        tour.CheckParametersRead();
        tour.CheckDocumentedStatusesSeen(script.Unreachable);
        tour.Failures.Should().BeEmpty();
    }

    [Test]
    public async Task PathLevelErrors_AreErrorBodies()
    {
        var contract = OpenApiContract.Shared;
        var answers = new List<Hotpath.Query.Routing.ResourceResponse>
        {
            await RouteCalls.GetAsync(_seeded, "no-such-route"),
        };
        foreach (var path in RouteCalls.Router.Routes.Select(r => r.Path).Distinct())
        {
            answers.Add(await RouteCalls.CallAsync(_seeded, "PATCH", path));
        }

        answers[0].Status.Should().Be(404);
        answers.Skip(1).Should().OnlyContain(a => a.Status == 405);
        answers.SelectMany(a => contract.PathErrorProblems(a)).Should().BeEmpty();
        foreach (var (path, answer) in RouteCalls.Router.Routes.Select(r => r.Path).Distinct().Zip(answers.Skip(1)))
        {
            var documented = contract.Operations.Where(o => o.Path == path).Select(o => o.Method).Order(StringComparer.Ordinal);
            answer.Headers["Allow"].Should().Be(string.Join(", ", documented), $"Allow of '{path}' lists the documented methods");
        }
    }

    /// <summary>A change of the document that the routes' real answers or requests must then contradict.</summary>
    public sealed record Mutation(string Name, Action<JsonObject> Apply, string Path, string Query, bool CheckRequest)
    {
        public override string ToString() => Name;
    }

    private static JsonObject Schema(JsonObject root, string name) => root["components"]!["schemas"]![name]!.AsObject();

    private static IEnumerable<Mutation> Mutations()
    {
        var graph = $"profileType={Uri.EscapeDataString(Cpu)}&maxNodes=1000&maxFunctions=10";
        yield return new("an answer field renamed", d =>
        {
            var properties = Schema(d, "FlameGraph")["properties"]!.AsObject();
            var field = properties["otherTotal"]!;
            properties.Remove("otherTotal");
            properties["otherTotals"] = field;
        }, "flamegraph", graph, false);
        yield return new("a number documented as a string", d => Schema(d, "SeriesStats")["properties"]!["points"] = new JsonObject { ["type"] = "string" },
            "series", graph, false);
        yield return new("an optional field documented as required", d => Schema(d, "DataSource")["required"]!.AsArray().Add("url"), "datasources", "", false);
        yield return new("an error kind renamed", d => Schema(d, "ErrorKind")["enum"]![0] = "bad_input", "flamegraph", "profileType=x", false);
        yield return new("an error status left out", d => d["paths"]!["/flamegraph"]!["get"]!["responses"]!.AsObject().Remove("400"), "flamegraph", "profileType=x", false);
        yield return new("a bound tightened", d => d["components"]!["parameters"]!["maxNodes"]!["schema"]!["maximum"] = 100, "flamegraph", graph, true);
        yield return new("a parameter left out", d =>
        {
            var parameters = d["paths"]!["/flamegraph"]!["get"]!["parameters"]!.AsArray();
            parameters.Remove(parameters.Single(p => (string?)p!["$ref"] == "#/components/parameters/maxFunctions"));
        }, "flamegraph", graph, true);
    }

    /// <summary>The checks can fail: each change of the document is caught by the same answer or request that the document as committed accepts.</summary>
    [TestCaseSource(nameof(Mutations))]
    public async Task ADocumentThatDiffersFromTheRoutes_IsCaught(Mutation mutation)
    {
        var root = (JsonObject)OpenApiContract.Shared.Root.DeepClone();
        mutation.Apply(root);
        var wrong = OpenApiContract.FromJson(root);

        if (mutation.CheckRequest)
        {
            var query = Hotpath.Query.Routing.ResourceRequest.ParseQuery(mutation.Query);
            OpenApiContract.Shared.RequestProblems("GET", mutation.Path, query, ReadOnlyMemory<byte>.Empty).Should().BeEmpty();
            wrong.RequestProblems("GET", mutation.Path, query, ReadOnlyMemory<byte>.Empty).Should().NotBeEmpty();
        }
        else
        {
            var response = await RouteCalls.GetAsync(_seeded, mutation.Path, mutation.Query);
            OpenApiContract.Shared.ResponseProblems("GET", mutation.Path, response).Should().BeEmpty();
            wrong.ResponseProblems("GET", mutation.Path, response).Should().NotBeEmpty();
        }
    }

    // ---- The operations ------------------------------------------------------------------------

    /// <summary>How one operation is toured; <c>Unreachable</c> lists documented statuses this test cannot provoke.</summary>
    private sealed record Script(bool UserData, int[] Unreachable, Func<OpenApiContractTests, OperationTour, EmptyStore, Task> Run);

    private static readonly Dictionary<string, string[]> NoBadValues = [];

    private static readonly Dictionary<string, string[]> ProfileTypeBadValues = new()
    {
        ["profileType"] = ["cpu", "a:b:c", ":cpu:nanoseconds:cpu:nanoseconds", "a:b:c:d:e:f:g"],
    };

    /// <summary>The graph routes: frame filters longer than the documented 4,096 characters.</summary>
    private static readonly Dictionary<string, string[]> GraphBadValues = new(ProfileTypeBadValues)
    {
        ["focus"] = [new string('a', 4097)],
        ["ignore"] = [new string('b', 4097)],
        ["hide"] = [new string('c', 4097)],
        ["show"] = [new string('d', 4097)],
    };

    private static readonly Dictionary<string, string[]> SeriesBadValues = new(ProfileTypeBadValues)
    {
        ["groupBy"] = ["pod,,region", "po\"d", "pod region", ","],
        ["callSite"] = ["[1]", "\"main\"", "[\"main\"", "{}"],
    };

    private static readonly Dictionary<string, Script> Scripts = new(StringComparer.Ordinal)
    {
        // Invalid app settings (500) fail before the router; the route itself cannot fail.
        ["GET datasources"] = new(false, [500], async (c, t, _) =>
        {
            await t.GoodAsync("");
            var pyroscope = RouteCalls.Json(await t.GoodAsync("", on: c._slow)).GetProperty("datasources")[0];
            pyroscope.GetProperty("tenant").GetString().Should().Be("team-a", "the optional fields are checked too");
        }),
        ["GET health"] = new(false, [500], async (c, t, _) =>
        {
            await t.GoodAsync("");
            var failed = RouteCalls.Json(await t.GoodAsync("", on: c._failing));
            failed.GetProperty("status").GetString().Should().Be("error", "a failing source is reported, not answered as an error");
            await t.RefusedBeyondSchemaAsync("", 504, on: c._slow);
        }),
        ["GET stats"] = new(false, [], async (c, t, users) =>
        {
            await t.CheckParametersAsync(Good(), null, NoBadValues);
            var empty = RouteCalls.Json(await t.GoodAsync("", on: users.Instance));
            empty.TryGetProperty("oldestProfileTimeMs", out _).Should().BeFalse("a store without profiles has no times");
            await t.RefusedBeyondSchemaAsync("datasource=nope", 400, "datasource");
            await c.SourceFailuresAsync(t, "");
        }),
        ["GET services"] = new(false, [], async (c, t, users) =>
        {
            var good = Good(("from", From), ("to", To));
            await t.CheckParametersAsync(good, null, NoBadValues);
            await t.GoodAsync("");
            await t.GoodAsync("", on: users.Instance);
            await c.RangeRefusalsAsync(t, "");
            await t.RefusedBeyondSchemaAsync("datasource=nope", 400, "datasource");
            await c.SourceFailuresAsync(t, "");
        }),
        ["GET service"] = new(false, [], async (c, t, _) =>
        {
            var good = Good(("service", "checkout"), ("selector", "{region=~\".+\"}"), ("from", From), ("to", To), ("step", "60"));
            await t.CheckParametersAsync(good, null, NoBadValues);
            await t.GoodAsync("service=no-such-service");
            await c.RangeRefusalsAsync(t, "service=checkout&");
            await c.StepRefusalsAsync(t, "service=checkout&");
            await t.RefusedBeyondSchemaAsync("service=checkout&selector=%7B", 400, "selector");
            await t.RefusedBeyondSchemaAsync("service=checkout&datasource=nope", 400, "datasource");
            await c.SourceFailuresAsync(t, "service=checkout");
        }),
        ["GET series"] = new(false, [], async (c, t, _) =>
        {
            var frame = await c.RootFrameAsync();
            var good = Good(("profileType", Cpu), ("selector", Checkout), ("from", From), ("to", To), ("step", "60"),
                ("groupBy", "pod,region"), ("limit", "3"), ("aggregation", "average"), ("callSite", JsonSerializer.Serialize(new[] { frame })));
            await t.CheckParametersAsync(good, null, SeriesBadValues);
            await t.GoodAsync($"profileType={Q(Cpu)}&groupBy=service_name&limit=2");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&groupBy=pod,pod", 400, "groupBy");
            await c.RangeRefusalsAsync(t, $"profileType={Q(Cpu)}&");
            await c.StepRefusalsAsync(t, $"profileType={Q(Cpu)}&");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&selector=%7B", 400, "selector");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&datasource=nope", 400, "datasource");
            await c.SourceFailuresAsync(t, $"profileType={Q(Cpu)}");
        }),
        ["GET function-series"] = new(false, [], async (c, t, _) =>
        {
            var frame = await c.RootFrameAsync();
            var callSite = JsonSerializer.Serialize(new[] { frame });
            var good = Good(("profileType", Cpu), ("selector", Checkout), ("from", From), ("to", To), ("step", "120"),
                ("groupBy", "pod"), ("limit", "2"), ("aggregation", "sum"), ("callSite", callSite));
            await t.CheckParametersAsync(good, null, new Dictionary<string, string[]>(SeriesBadValues) { ["callSite"] = ["[1]", "\"main\"", "[\"main\"", "[]"] });
            await c.RangeRefusalsAsync(t, $"profileType={Q(Cpu)}&callSite={Q(callSite)}&");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&callSite={Q(callSite)}&datasource=nope", 400, "datasource");
            await c.SourceFailuresAsync(t, $"profileType={Q(Cpu)}&callSite={Q(callSite)}");
        }),
        ["GET labels"] = new(false, [], async (c, t, _) =>
        {
            var good = Good(("profileType", Cpu), ("selector", Checkout), ("from", From), ("to", To), ("top", "3"));
            await t.CheckParametersAsync(good, null, ProfileTypeBadValues);
            await c.RangeRefusalsAsync(t, $"profileType={Q(Cpu)}&");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&selector=%7B", 400, "selector");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&datasource=nope", 400, "datasource");
            await c.SourceFailuresAsync(t, $"profileType={Q(Cpu)}");
        }),
        ["GET label-names"] = new(false, [], async (c, t, _) =>
        {
            var good = Good(("selector", Checkout), ("from", From), ("to", To), ("profileType", Cpu));
            await t.CheckParametersAsync(good, null, ProfileTypeBadValues);
            await t.GoodAsync("");
            await c.RangeRefusalsAsync(t, "");
            await t.RefusedBeyondSchemaAsync("selector=%7Ba%3D%7D", 400, "selector");
            await t.RefusedBeyondSchemaAsync("datasource=nope", 400, "datasource");
            await c.SourceFailuresAsync(t, "");
        }),
        ["GET label-values"] = new(false, [], async (c, t, _) =>
        {
            var good = Good(("name", "pod"), ("selector", Checkout), ("from", From), ("to", To), ("profileType", Cpu));
            await t.CheckParametersAsync(good, null, new Dictionary<string, string[]>(ProfileTypeBadValues) { ["name"] = ["a\"b", "a b", "{pod}"] });
            await t.GoodAsync("name=no_such_label");
            await c.RangeRefusalsAsync(t, "name=pod&");
            await t.RefusedBeyondSchemaAsync("name=pod&datasource=nope", 400, "datasource");
            await c.SourceFailuresAsync(t, "name=pod");
        }),
        ["GET flamegraph"] = new(false, [], async (c, t, _) =>
        {
            var frame = await c.RootFrameAsync();
            var good = Good(("profileType", Cpu), ("selector", Checkout), ("from", From), ("to", To), ("maxNodes", "50"), ("maxFunctions", "20"),
                ("granularity", "filefunctions"), ("focusPath", JsonSerializer.Serialize(new[] { frame })));
            await t.CheckParametersAsync(good, null, new Dictionary<string, string[]>(GraphBadValues) { ["focusPath"] = ["[1]", "\"main\"", "[\"main\"", "{}"] });
            await t.GoodAsync($"profileType={Q(Cpu)}&focusPath={Q(JsonSerializer.Serialize(new[] { frame }))}&hide=idle");
            await t.GoodAsync($"profileType={Q("memory:inuse_space:bytes:space:bytes")}");
            await t.GoodAsync($"profileType={Q("nothing:here:count::")}");
            await c.RangeRefusalsAsync(t, $"profileType={Q(Cpu)}&");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&selector=%7B", 400, "selector");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&datasource=nope", 400, "datasource");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&focus=(", 400, "focus");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&hide={Q(@"(a)\1")}", 400, "hide");
            await t.GoodAsync($"profileType={Q(Cpu)}&hide={Q("^runtime\\.")}&ignore=idle");
            await c.SourceFailuresAsync(t, $"profileType={Q(Cpu)}");
        }),
        ["GET sandwich"] = new(false, [], async (c, t, _) =>
        {
            var function = await c.TopFunctionAsync();
            var good = Good(("profileType", Cpu), ("function", function), ("selector", Checkout), ("from", From), ("to", To), ("maxNodes", "30"));
            await t.CheckParametersAsync(good, null, GraphBadValues);
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&function=no.such.function", 400, "function");
            await c.RangeRefusalsAsync(t, $"profileType={Q(Cpu)}&function={Q(function)}&");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&function={Q(function)}&datasource=nope", 400, "datasource");
            await c.SourceFailuresAsync(t, $"profileType={Q(Cpu)}&function={Q(function)}");
        }),
        ["GET function-details"] = new(false, [], async (c, t, _) =>
        {
            var function = await c.TopFunctionAsync();
            var good = Good(("profileType", Cpu), ("function", function), ("selector", Checkout), ("from", From), ("to", To), ("hide", "^runtime\\."));
            await t.CheckParametersAsync(good, null, GraphBadValues);
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&function=no.such.function", 400, "function");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&function={Q(function)}&ignore={Q(System.Text.RegularExpressions.Regex.Escape(function))}", 400, "function");
            await c.RangeRefusalsAsync(t, $"profileType={Q(Cpu)}&function={Q(function)}&");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&function={Q(function)}&focus=(", 400, "focus");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&function={Q(function)}&datasource=nope", 400, "datasource");
            await c.SourceFailuresAsync(t, $"profileType={Q(Cpu)}&function={Q(function)}");
        }),
        ["GET call-tree"] = new(false, [], async (c, t, _) =>
        {
            var good = Good(("profileType", Cpu), ("selector", Checkout), ("from", From), ("to", To), ("maxNodes", "40"),
                ("direction", "bottom-up"), ("granularity", "lines"), ("show", "."));
            await t.CheckParametersAsync(good, null, GraphBadValues);
            await t.GoodAsync($"profileType={Q(Cpu)}&maxNodes=1");
            await t.GoodAsync($"profileType={Q("nothing:here:count::")}");
            await c.RangeRefusalsAsync(t, $"profileType={Q(Cpu)}&");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&selector=%7B", 400, "selector");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&datasource=nope", 400, "datasource");
            await c.SourceFailuresAsync(t, $"profileType={Q(Cpu)}");
        }),
        ["GET diff"] = new(false, [], async (c, t, _) =>
        {
            var good = Good(("profileType", Cpu), ("maxNodes", "40"), ("maxFunctions", "15"),
                ("baselineDatasource", "embedded"), ("baselineSelector", Checkout), ("baselineFrom", From), ("baselineTo", To),
                ("comparisonDatasource", "embedded"), ("comparisonSelector", "{service_name=\"cart\"}"), ("comparisonFrom", From), ("comparisonTo", To));
            await t.CheckParametersAsync(good, null, GraphBadValues);
            await t.GoodAsync($"profileType={Q(Cpu)}");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&comparisonFrom=20&comparisonTo=10", 400, "comparisonFrom");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&baselineFrom=1&baselineTo={To}", 400, "baselineFrom");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&baselineSelector=%7B", 400, "baselineSelector");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&comparisonDatasource=nope", 400, "comparisonDatasource");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&show={Q("(?<=a)b")}", 400, "show");
            await c.SourceFailuresAsync(t, $"profileType={Q(Cpu)}");
        }),
        ["GET export"] = new(false, [], async (c, t, _) =>
        {
            var good = Good(("format", "flamebearer"), ("profileType", Cpu), ("selector", Checkout), ("from", From), ("to", To), ("maxNodes", "25"));
            await t.CheckParametersAsync(good, null, GraphBadValues);
            await t.GoodAsync($"profileType={Q(Cpu)}&selector={Q(Checkout)}");
            await t.GoodAsync($"format=folded&profileType={Q(Cpu)}&selector={Q(Checkout)}");
            await t.GoodAsync($"format=pprof&profileType={Q(Cpu)}&selector={Q(Checkout)}&focus=main&hide=runtime");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&ignore=a%5B", 400, "ignore");
            await t.GoodAsync($"format=flamebearer&profileType={Q("memory:alloc_objects:count:space:bytes")}");
            await c.RangeRefusalsAsync(t, $"profileType={Q(Cpu)}&");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&selector=%7B", 400, "selector");
            await t.RefusedBeyondSchemaAsync($"profileType={Q(Cpu)}&datasource=nope", 400, "datasource");
            await c.SourceFailuresAsync(t, $"profileType={Q(Cpu)}");
        }),
        // Nothing in a route takes longer than the test's patience here: the 504 of user-data routes is the router's, checked elsewhere.
        ["POST adhoc/upload"] = new(true, [504], async (c, t, users) =>
        {
            var good = Good(("name", "heap.pb.gz"));
            await t.CheckParametersAsync(good, HeapProfile(), new Dictionary<string, string[]> { ["name"] = [new string('n', 257), "a\u0001b"] });
            await t.GoodAsync("name=stacks.txt", Encoding.UTF8.GetBytes("main;work 60\nmain;idle 40\n"));
            await t.GoodAsync("", HeapProfile());
            await t.RefusedByBothAsync("name=empty.pb", null, [], "the request body is empty");
            await t.RefusedBeyondSchemaAsync("name=junk.pb.gz", 400, body: [0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]);
            await t.RefusedBeyondSchemaAsync("name=big.pb", 413, body: new byte[QueryLimits.Default.MaxAdhocUploadBytes + 1]);
            await t.RefusedBeyondSchemaAsync("name=heap.pb", 500, body: HeapProfile(), messagePart: "embedded store", on: c._storeless);
        }),
        ["GET adhoc/list"] = new(true, [504], async (c, t, users) =>
        {
            await t.GoodAsync("");
            await UploadAsync(users, HeapProfile(), "heap.pb.gz");
            await UploadAsync(users, Encoding.UTF8.GetBytes("main;work 60\n"), "stacks.txt");
            await t.GoodAsync("");
            await t.RefusedBeyondSchemaAsync("", 500, messagePart: "embedded store", on: c._storeless);
        }),
        ["GET adhoc/flamegraph"] = new(true, [504], async (c, t, users) =>
        {
            var heap = await UploadAsync(users, HeapProfile(), "heap.pb.gz");
            var folded = await UploadAsync(users, Encoding.UTF8.GetBytes("main;work 60\nmain;idle 40\n"), "stacks.txt");
            var good = Good(("id", heap), ("profileType", AllocObjects), ("maxNodes", "10"), ("maxFunctions", "5"));
            await t.CheckParametersAsync(good, null, ProfileTypeBadValues);
            await t.GoodAsync($"id={folded}");
            await t.RefusedBeyondSchemaAsync($"id={heap}&profileType={Q(Cpu)}", 400, "profileType");
            await t.RefusedBeyondSchemaAsync("id=0123456789abcdef0123456789abcdef", 404, "id");
            await t.RefusedBeyondSchemaAsync($"id={heap}", 500, messagePart: "embedded store", on: c._storeless);
            users.Clock.Advance(TimeSpan.FromHours(25));
            await t.RefusedBeyondSchemaAsync($"id={heap}", 404, "id", messagePart: "expired");
        }),
        ["GET adhoc/diff"] = new(true, [504], async (c, t, users) =>
        {
            var heap = await UploadAsync(users, HeapProfile(), "heap.pb.gz");
            var folded = await UploadAsync(users, Encoding.UTF8.GetBytes("main;work 60\nmain;idle 40\n"), "stacks.txt");
            var good = Good(("baselineId", heap), ("comparisonId", heap), ("baselineProfileType", AllocSpace), ("comparisonProfileType", AllocObjects), ("maxNodes", "10"), ("maxFunctions", "5"));
            await t.CheckParametersAsync(good, null, new Dictionary<string, string[]>
            {
                ["profileType"] = ["cpu"],
                ["baselineProfileType"] = ProfileTypeBadValues["profileType"],
                ["comparisonProfileType"] = ProfileTypeBadValues["profileType"],
            });
            await t.GoodAsync($"baselineId={heap}&comparisonId={heap}&profileType={Q(AllocSpace)}");
            var perSide = await t.GoodAsync($"baselineId={heap}&comparisonId={folded}&baselineProfileType={Q(AllocObjects)}&comparisonProfileType={Q(FoldedType)}");
            RouteCalls.Json(perSide).TryGetProperty("comparisonProfileType", out _).Should().BeTrue("the sides differ in type");
            await t.GoodAsync($"baselineId={heap}&comparisonId={heap}");
            await t.RefusedBeyondSchemaAsync($"baselineId={heap}&comparisonId={heap}&profileType={Q(AllocSpace)}&baselineProfileType={Q(AllocSpace)}", 400, "profileType");
            await t.RefusedBeyondSchemaAsync($"baselineId={heap}&comparisonId=0123456789abcdef0123456789abcdef", 404, "comparisonId");
            await t.RefusedBeyondSchemaAsync($"baselineId={heap}&comparisonId={heap}", 500, messagePart: "embedded store", on: c._storeless);
        }),
        // No store, no source: only a Hotpath failure (500) or a file slower than the time limit (504) would fail it.
        ["POST adhoc/folded"] = new(false, [500, 504], async (_, t, _) =>
        {
            await t.GoodAsync("", HeapProfile());
            await t.GoodAsync("sampleType=alloc_space", HeapProfile());
            await t.GoodAsync("", Encoding.UTF8.GetBytes("main;work 60\nmain;idle 40\n"));
            await t.RefusedByBothAsync("", null, [], "the request body is empty");
            await t.RefusedBeyondSchemaAsync("sampleType=no_such_type", 400, body: HeapProfile(), messagePart: "no_such_type");
            await t.RefusedBeyondSchemaAsync("", 400, body: [0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]);
        }),
        ["GET favorites"] = new(true, [504], async (c, t, users) =>
        {
            await t.GoodAsync("");
            await CallAsync(users, "POST", "favorites", "", Encoding.UTF8.GetBytes($$"""{"view":"flame-graph","profileType":"{{Cpu}}","service":"checkout","groupBy":"pod","title":"Checkout CPU"}"""));
            await CallAsync(users, "POST", "favorites", "", Encoding.UTF8.GetBytes($$"""{"view":"all-services","profileType":"{{Cpu}}"}"""));
            await t.GoodAsync("");
            await t.RefusedBeyondSchemaAsync("", 500, messagePart: "embedded store", on: c._storeless);
        }),
        ["POST favorites"] = new(true, [504], async (c, t, users) =>
        {
            byte[] Body(string json) => Encoding.UTF8.GetBytes(json);
            var full = Body($$"""{"datasource":"embedded","view":"diff","profileType":"{{Cpu}}","service":"checkout","selector":"{{Checkout.Replace("\"", "\\\"")}}","groupBy":"pod,region","title":"Checkout"}""");
            await t.GoodAsync("", full, 201);
            await t.GoodAsync("", full, 200);
            await t.GoodAsync("", Body($$"""{"view":"labels","profileType":"{{Cpu}}","title":null}"""), 201);
            await t.RefusedByBothAsync("", null, [], "the request body is empty");
            await t.RefusedByBothAsync("", null, Body($$"""{"view":"flamegraph","profileType":"{{Cpu}}"}"""), "field 'view'");
            await t.RefusedByBothAsync("", null, Body($$"""{"profileType":"{{Cpu}}"}"""), "field 'view'");
            await t.RefusedByBothAsync("", null, Body("""{"view":"service"}"""), "field 'profileType'");
            await t.RefusedByBothAsync("", null, Body("""{"view":"service","profileType":"cpu"}"""), "field 'profileType'");
            await t.RefusedByBothAsync("", null, Body($$"""{"view":"service","profileType":"{{Cpu}}","colour":"red"}"""), "unknown field 'colour'");
            await t.RefusedByBothAsync("", null, Body($$"""{"id":"x","view":"service","profileType":"{{Cpu}}"}"""), "field 'id'");
            await t.RefusedByBothAsync("", null, Body($$"""{"view":"service","profileType":"{{Cpu}}","datasource":"no uid!"}"""), "field 'datasource'");
            await t.RefusedByBothAsync("", null, Body($$"""{"view":"service","profileType":"{{Cpu}}","title":{{new string('t', 257).Length}}}"""), "field 'title'");
            await t.RefusedByBothAsync("", null, Body($$"""{"view":"service","profileType":"{{Cpu}}","title":"{{new string('t', 257)}}"}"""), "field 'title'");
            await t.RefusedByBothAsync("", null, Body("[1]"), "JSON object");
            await t.RefusedBeyondSchemaAsync("", 400, body: Body($$"""{"view":"service","profileType":"{{Cpu}}","selector":"{"}"""), messagePart: "field 'selector'");
            await t.RefusedBeyondSchemaAsync("", 400, body: Body($$"""{"view":"service","profileType":"{{Cpu}}","groupBy":"pod,pod"}"""), messagePart: "field 'groupBy'");
            // Over 16 KiB of whitespace: valid JSON of a valid favorite, refused for its size alone.
            await t.RefusedBeyondSchemaAsync("", 413, body: Body($$"""{"view":"service",{{new string(' ', 17_000)}}"profileType":"{{Cpu}}"}"""));
            await t.RefusedBeyondSchemaAsync("", 500, body: full, messagePart: "embedded store", on: c._storeless);
        }),
        ["DELETE favorites"] = new(true, [504], async (c, t, users) =>
        {
            var created = await CallAsync(users, "POST", "favorites", "", Encoding.UTF8.GetBytes($$"""{"view":"service","profileType":"{{Cpu}}"}"""));
            var id = RouteCalls.Json(created).GetProperty("id").GetString()!;
            await t.CheckParametersAsync(Good(("id", id)), null, NoBadValues, goodStatus: 204);
            await t.RefusedBeyondSchemaAsync($"id={id}", 404, "id");
            await t.RefusedBeyondSchemaAsync($"id={id}", 500, messagePart: "embedded store", on: c._storeless);
        }),
        ["GET settings"] = new(true, [504], async (c, t, users) =>
        {
            await t.GoodAsync("");
            await CallAsync(users, "PUT", "settings", "", Encoding.UTF8.GetBytes($$"""{"maxNodes":512,"defaultProfileType":"{{Cpu}}"}"""));
            await t.GoodAsync("");
            await t.RefusedBeyondSchemaAsync("", 500, messagePart: "embedded store", on: c._storeless);
        }),
        ["PUT settings"] = new(true, [504], async (c, t, users) =>
        {
            byte[] Body(string json) => Encoding.UTF8.GetBytes(json);
            await t.GoodAsync("", Body($$"""{"maxNodes":1024,"collapsedFrames":false,"defaultProfileType":"{{Cpu}}","defaultRange":"now-15m"}"""));
            await t.GoodAsync("", Body("""{"sourceLinkTemplate":"https://github.com/org/repo/blob/{version}/{file}#L{line}","sourceLinkVersionLabel":"version"}"""));
            await t.RefusedByBothAsync("", null, Body("""{"sourceLinkTemplate":"ftp://x/{file}"}"""), "field 'sourceLinkTemplate'");
            await t.RefusedBeyondSchemaAsync("", 400, body: Body("""{"sourceLinkTemplate":"https://x/{file}/{path}"}"""), messagePart: "field 'sourceLinkTemplate'");
            await t.GoodAsync("", Body("{}"));
            await t.GoodAsync("", Body("""{"maxNodes":null,"defaultProfileType":"","defaultRange":null}"""));
            await t.RefusedByBothAsync("", null, [], "the request body is empty");
            await t.RefusedByBothAsync("", null, Body("""{"maxNodes":0}"""), "field 'maxNodes'");
            await t.RefusedByBothAsync("", null, Body("""{"maxNodes":1048577}"""), "field 'maxNodes'");
            await t.RefusedByBothAsync("", null, Body("""{"maxNodes":"many"}"""), "field 'maxNodes'");
            await t.RefusedByBothAsync("", null, Body("""{"collapsedFrames":"yes"}"""), "field 'collapsedFrames'");
            await t.RefusedByBothAsync("", null, Body("""{"defaultProfileType":"cpu"}"""), "field 'defaultProfileType'");
            await t.RefusedByBothAsync("", null, Body("""{"defaultRange":"yesterday"}"""), "field 'defaultRange'");
            await t.RefusedByBothAsync("", null, Body("""{"defaultRange":"now-0m"}"""), "field 'defaultRange'");
            await t.RefusedByBothAsync("", null, Body("""{"theme":"dark"}"""), "unknown field 'theme'");
            await t.RefusedBeyondSchemaAsync("", 413, body: Body($$"""{"defaultRange":"now-1h"{{new string(' ', 17_000)}}}"""));
            await t.RefusedBeyondSchemaAsync("", 500, body: Body("{}"), messagePart: "embedded store", on: c._storeless);
        }),
    };

    private static Dictionary<string, string> Good(params (string Name, string Value)[] pairs) => pairs.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static string Q(string text) => Uri.EscapeDataString(text);

    /// <summary>The range and its refusals, the same for every route that takes <c>from</c> and <c>to</c>.</summary>
    private async Task RangeRefusalsAsync(OperationTour t, string prefix)
    {
        await t.RefusedBeyondSchemaAsync($"{prefix}from={To}&to={From}", 400, "from");
        await t.RefusedBeyondSchemaAsync($"{prefix}from=1&to={To}", 400, "from", messagePart: "longer than the limit");
        await t.RefusedBeyondSchemaAsync($"{prefix}to=1000", 400, "from", messagePart: "positive time");
    }

    private async Task StepRefusalsAsync(OperationTour t, string prefix) =>
        await t.RefusedBeyondSchemaAsync($"{prefix}from={From}&to={To}&step=0.1", 400, "step", messagePart: "points");

    /// <summary>The same request to a source that fails (502) and one that never answers (504), and with the store missing (500).</summary>
    private async Task SourceFailuresAsync(OperationTour t, string query)
    {
        await t.RefusedBeyondSchemaAsync(query, 502, on: _failing, messagePart: "embedded store 'embedded'");
        await t.RefusedBeyondSchemaAsync(query, 504, on: _slow, messagePart: "time limit");
        await t.RefusedBeyondSchemaAsync(query, 500, on: _storeless, messagePart: "not available");
    }

    /// <summary>The first frame under the root of checkout's CPU flame graph, a real call site.</summary>
    private async Task<string> RootFrameAsync()
    {
        var json = RouteCalls.Json(await RouteCalls.GetAsync(_seeded, "flamegraph", $"profileType={Q(Cpu)}&selector={Q(Checkout)}&maxNodes=10"));
        var graph = json.GetProperty("flamegraph");
        var row = graph.GetProperty("level").EnumerateArray().Select((l, i) => (Level: l.GetInt32(), Row: i)).First(r => r.Level == 1).Row;
        return graph.GetProperty("labels")[graph.GetProperty("label")[row].GetInt32()].GetString()!;
    }

    private async Task<string> TopFunctionAsync()
    {
        var json = RouteCalls.Json(await RouteCalls.GetAsync(_seeded, "flamegraph", $"profileType={Q(Cpu)}&selector={Q(Checkout)}&maxFunctions=1"));
        return json.GetProperty("functions").GetProperty("rows")[0].GetProperty("name").GetString()!;
    }

    private static async Task<Hotpath.Query.Routing.ResourceResponse> CallAsync(EmptyStore users, string method, string path, string query, byte[] body)
    {
        var response = await RouteCalls.CallAsync(users.Instance, method, path, query, body, user: "alice");
        response.Status.Should().BeInRange(200, 201, RouteCalls.Text(response));
        return response;
    }

    private static async Task<string> UploadAsync(EmptyStore users, byte[] file, string name) =>
        RouteCalls.Json(await CallAsync(users, "POST", "adhoc/upload", $"name={Q(name)}", file)).GetProperty("id").GetString()!;

    /// <summary>A gzipped pprof heap profile with two sample types, as Go writes allocations.</summary>
    private static byte[] HeapProfile()
    {
        var builder = new ProfileBuilder([("alloc_objects", "count"), ("alloc_space", "bytes")], ("space", "bytes"), 524_288);
        builder.Add(["main", "serve", "decode"], [3, 3_072]);
        builder.Add(["main", "serve", "encode"], [5, 1_024]);
        builder.Add(["main", "cache.fill"], [1, 65_536]);
        return PprofWriter.Write(builder.Build(SeededStore.Now.ToUnixTimeMilliseconds() * 1_000_000, 10_000_000_000));
    }
}
