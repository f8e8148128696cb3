using System.Text;
using FluentAssertions;
using Hotpath.Query.Health;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Health;

public class HealthCheckerTests
{
    private string _store = null!;
    private readonly HttpClient _http = new();

    [SetUp]
    public void SetUp() => _store = Path.Combine(Path.GetTempPath(), "hotpath-health-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }
    }

    [OneTimeTearDown]
    public void DisposeClient() => _http.Dispose();

    private HealthChecker Checker() => new(_http, TimeProvider.System);

    private HotpathSettings Settings(string dataSourcesJson, Dictionary<string, string>? secrets = null) =>
        HotpathSettings.Parse(Encoding.UTF8.GetBytes($$"""{"dataSources": {{dataSourcesJson}}}"""), secrets ?? new(), _store);

    [Test]
    public async Task Embedded_WritableFolder_IsOkAndTheStoreOpens()
    {
        var report = await Checker().CheckAsync(HotpathSettings.Embedded(_store), CancellationToken.None);

        report.Status.Should().Be("ok");
        var source = report.Sources.Should().ContainSingle().Subject;
        source.Status.Should().Be("ok");
        source.Message.Should().Contain("the store opens and holds no profiles yet");
        File.Exists(Path.Combine(_store, "hotpath.db")).Should().BeTrue("the check opened (created) the store");
        Directory.EnumerateFiles(_store, ".probe-*").Should().BeEmpty("the probe file is removed");
    }

    [Test]
    public async Task Embedded_DamagedDatabase_IsAnErrorSayingTheStoreDoesNotOpen()
    {
        Directory.CreateDirectory(_store);
        await File.WriteAllBytesAsync(Path.Combine(_store, "hotpath.db"), Encoding.ASCII.GetBytes(new string('x', 8192)));

        var report = await Checker().CheckAsync(HotpathSettings.Embedded(_store), CancellationToken.None);

        report.Status.Should().Be("error");
        report.Sources[0].Message.Should().Contain($"the embedded store at '{_store}' does not open: ").And.Contain("not a database");
    }

    [Test]
    public async Task Embedded_OpenStore_IsReadThroughWithoutOpeningAgain()
    {
        await using var store = Hotpath.Store.Storage.ProfileStore.Open(_store);

        var report = await Checker().CheckAsync(new HotpathInstance(HotpathSettings.Embedded(_store), new EmbeddedStore(store)), CancellationToken.None);

        report.Status.Should().Be("ok");
        report.Sources[0].Message.Should().Contain("the store is open and holds no profiles yet");
    }

    [Test]
    public async Task Embedded_PathUnderARegularFile_IsAnErrorNamingThePath()
    {
        Directory.CreateDirectory(_store);
        var file = Path.Combine(_store, "a-file");
        await File.WriteAllTextAsync(file, "x");

        var report = await Checker().CheckAsync(HotpathSettings.Embedded(Path.Combine(file, "store")), CancellationToken.None);

        report.Status.Should().Be("error");
        report.Sources[0].Message.Should().Contain(Path.Combine(file, "store")).And.Contain("not writable");
    }

    [Test]
    public async Task Pyroscope_Answering_IsOkAndReceivesTenantAndTokenOnTheQueryApi()
    {
        // An empty binary message is a valid ProfileTypesResponse with no types.
        using var server = new LoopbackServer(ctx =>
        {
            ctx.Response.ContentType = "application/proto";
            return Task.CompletedTask;
        });
        var settings = Settings($$"""[{"uid": "prod", "url": "{{server.Url}}", "tenant": "team-a"}]""", new() { ["prod.bearerToken"] = "tok-9" });

        var report = await Checker().CheckAsync(settings, CancellationToken.None);

        report.Status.Should().Be("ok", report.Message);
        var (method, path, headers, body) = server.Received.Should().ContainSingle().Subject;
        method.Should().Be("POST");
        path.Should().Be("/querier.v1.QuerierService/ProfileTypes");
        headers["X-Scope-OrgID"].Should().Be("team-a");
        headers["Authorization"].Should().Be("Bearer tok-9");
        headers["Content-Type"].Should().Be("application/proto");
        body.Should().NotBeEmpty("the request carries the last hour as start and end");
        report.Sources[0].Message.Should().Be($"{server.Url} answers: 0 profile type(s) with data in the last hour");
    }

    [Test]
    public async Task Pyroscope_BasicAuth_IsSentAsBasicCredentials()
    {
        using var server = new LoopbackServer(_ => Task.CompletedTask);
        var settings = Settings($$"""[{"uid": "p", "url": "{{server.Url}}", "basicAuthUser": "alice"}]""", new() { ["p.basicAuthPassword"] = "pw" });

        await Checker().CheckAsync(settings, CancellationToken.None);

        server.Received.Single().Headers["Authorization"].Should().Be("Basic " + Convert.ToBase64String("alice:pw"u8.ToArray()));
    }

    [TestCase(401, "answered 401", "check the tenant and credentials")]
    [TestCase(500, "answered 500", "boom")]
    public async Task Pyroscope_ErrorStatus_IsAnErrorWithStatusAndBody(int status, string expected, string detail)
    {
        using var server = new LoopbackServer(ctx =>
        {
            ctx.Response.StatusCode = status;
            return ctx.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("boom: internal")).AsTask();
        });
        var settings = Settings($$"""[{"uid": "embedded", "kind": "embedded"}, {"uid": "prod", "name": "Production", "url": "{{server.Url}}"}]""");

        var report = await Checker().CheckAsync(settings, CancellationToken.None);

        report.Status.Should().Be("error");
        report.Sources.Select(s => s.Status).Should().Equal("ok", "error");
        report.Sources[1].Message.Should().Contain(expected).And.Contain(detail);
        report.Message.Should().StartWith("Production (prod): ").And.NotContain("embedded");
    }

    [Test]
    public async Task Pyroscope_ConnectionRefused_IsAnErrorNamingTheUrl()
    {
        var port = LoopbackServer.FreePort();
        var settings = Settings($$"""[{"uid": "gone", "url": "http://127.0.0.1:{{port}}"}]""");

        var report = await Checker().CheckAsync(settings, CancellationToken.None);

        report.Status.Should().Be("error");
        report.Sources[0].Message.Should().Contain($"127.0.0.1:{port}").And.Contain("unreachable");
    }

    [Test]
    public async Task Pyroscope_SlowerThanItsTimeout_IsAnErrorSayingSo()
    {
        using var server = new LoopbackServer(async _ => await Task.Delay(TimeSpan.FromSeconds(5)));
        var settings = Settings($$"""[{"uid": "slow", "url": "{{server.Url}}", "timeoutSeconds": 0.3}]""");

        var report = await Checker().CheckAsync(settings, CancellationToken.None);

        report.Status.Should().Be("error");
        report.Sources[0].Message.Should().Contain("no answer within 0.3 s").And.Contain("'slow'");
    }
}
