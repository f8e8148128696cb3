using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Standalone;

/// <summary>The standalone server as users run it: the real executable in its own process, over real HTTP on loopback.</summary>
[NonParallelizable]
public partial class StandaloneServerTests
{
    private const string Resources = "/api/plugins/hotpath-profiles-app/resources";
    private Process _server = null!;
    private Uri _url = null!;
    private string _data = null!;
    private readonly HttpClient _http = new();

    [GeneratedRegex(@"serving on (http://[0-9.]+:\d+)")]
    private static partial Regex ServingLine();

    internal static Process Start(params string[] args) => Start(args, redirectInput: false);

    internal static Process Start(string[] args, bool redirectInput)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = redirectInput, UseShellExecute = false };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gpx_hotpath.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Remove("grafana_plugin_type");
        return Process.Start(info)!;
    }

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _data = Path.Combine(Path.GetTempPath(), "hotpath-serve-" + Guid.NewGuid().ToString("N"));
        _server = Start("serve", "--listen", "127.0.0.1:0", "--data", _data, "--web", Path.Combine(_data, "no-frontend"));
        var line = await _server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _url = new Uri(ServingLine().Match(line ?? "").Groups[1].Value);
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        if (!_server.HasExited)
        {
            _server.Kill();
        }
        _http.Dispose();
        foreach (var folder in new[] { _data, _data + "-sigterm", _data + "-port" }.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<(HttpStatusCode Status, HttpResponseMessage Response, string Body)> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        // Expect: 100-continue lets the server refuse a body before it is sent, as curl does for large uploads.
        var request = new HttpRequestMessage(method, new Uri(_url, path)) { Content = content };
        request.Headers.ExpectContinue = content is not null;
        var response = await _http.SendAsync(request);
        return (response.StatusCode, response, await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Ready_Answers()
    {
        var (status, _, body) = await SendAsync(HttpMethod.Get, "/ready");

        status.Should().Be(HttpStatusCode.OK);
        body.Should().Be("ready\n");
    }

    [Test]
    public async Task Routes_AnswerAtGrafanasPaths()
    {
        var (status, response, body) = await SendAsync(HttpMethod.Get, Resources + "/health");

        status.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var health = JsonDocument.Parse(body).RootElement;
        health.GetProperty("status").GetString().Should().Be("ok");
        health.GetProperty("sources")[0].GetProperty("message").GetString().Should().Contain(_data);
        Directory.Exists(_data).Should().BeTrue("the health check creates the store folder");
    }

    [Test]
    public async Task UnknownRoute_Is404Json()
    {
        var (status, _, body) = await SendAsync(HttpMethod.Get, Resources + "/no/such/route?x=1");

        status.Should().Be(HttpStatusCode.NotFound);
        JsonDocument.Parse(body).RootElement.GetProperty("message").GetString().Should().Be("no resource route 'no/such/route'");
    }

    [Test]
    public async Task WrongMethod_Is405WithAllow()
    {
        var (status, response, body) = await SendAsync(HttpMethod.Put, Resources + "/datasources", new StringContent("{}"));

        status.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal("GET");
        JsonDocument.Parse(body).RootElement.GetProperty("kind").GetString().Should().Be("method_not_allowed");
    }

    [Test]
    public async Task BodyOverTheLimit_Is413Json()
    {
        var (status, _, body) = await SendAsync(HttpMethod.Post, Resources + "/datasources", new ByteArrayContent(new byte[65 * 1024 * 1024]));

        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        JsonDocument.Parse(body).RootElement.GetProperty("kind").GetString().Should().Be("payload_too_large");
    }

    [Test]
    public async Task FrontendNotBuilt_RootSaysHowToBuildIt()
    {
        var (status, _, body) = await SendAsync(HttpMethod.Get, "/");

        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        body.Should().Contain("make build");
    }

    [Test]
    public async Task Metrics_CountRequestsByRouteTemplate()
    {
        await SendAsync(HttpMethod.Get, Resources + "/datasources");
        await SendAsync(HttpMethod.Get, Resources + "/user/supplied/path");

        var (status, _, body) = await SendAsync(HttpMethod.Get, "/metrics");

        status.Should().Be(HttpStatusCode.OK);
        body.Should().MatchRegex("""hotpath_resource_requests_total\{route="datasources",method="GET",status="200"\} [1-9]""");
        body.Should().Contain("route=\"unmatched\"").And.NotContain("user/supplied");
    }

    [Test]
    public async Task Sigterm_StopsGracefully()
    {
        // Its own folder: the store of the server all tests share is locked by that server.
        using var server = Start("serve", "--listen", "127.0.0.1:0", "--data", _data + "-sigterm");
        (await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))).Should().Contain("serving on");

        Process.Start("kill", ["-TERM", server.Id.ToString()])!.WaitForExit();

        (await WaitForExitAsync(server, TimeSpan.FromSeconds(10))).Should().BeTrue();
        server.ExitCode.Should().Be(0);
    }

    [TestCase(new[] { "serve", "--listen", "nowhere" }, 2, "--listen 'nowhere' is not an address:port")]
    [TestCase(new[] { "serve", "--bogus" }, 2, "unknown option '--bogus'")]
    [TestCase(new[] { "serve", "--data" }, 2, "--data needs a value")]
    [TestCase(new[] { "serve", "--log-level", "loud" }, 2, "--log-level takes trace, debug, info, warn or error")]
    [TestCase(new[] { "serve", "--config", "/nonexistent/hotpath.json" }, 1, "cannot read config file '/nonexistent/hotpath.json'")]
    public async Task BadOptions_ExitWithAMessage(string[] args, int exitCode, string message)
    {
        using var process = Start(args);
        var stderr = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        (await WaitForExitAsync(process, TimeSpan.FromSeconds(10))).Should().BeTrue();
        process.ExitCode.Should().Be(exitCode);
        stderr.Should().Contain(message);
    }

    [Test]
    public async Task PortInUse_ExitsWithAMessage()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var process = Start("serve", "--listen", $"127.0.0.1:{port}", "--data", _data + "-port");
        var stderr = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        (await WaitForExitAsync(process, TimeSpan.FromSeconds(10))).Should().BeTrue();
        process.ExitCode.Should().Be(1);
        stderr.Should().Contain($"cannot listen on 127.0.0.1:{port}");
    }

    [Test]
    public async Task SecondServerOnTheSameStore_ExitsNamingTheWriter()
    {
        using var second = Start("serve", "--listen", "127.0.0.1:0", "--data", _data);
        var stderr = await second.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        (await WaitForExitAsync(second, TimeSpan.FromSeconds(10))).Should().BeTrue();
        second.ExitCode.Should().Be(1);
        stderr.Should().Contain($"cannot open the store at '{_data}'").And.Contain(_server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await _http.GetAsync(new Uri(_url, "/ready"))).StatusCode.Should().Be(HttpStatusCode.OK, "the first server keeps serving");
    }

    [Test]
    public async Task ConfigFile_ConfiguresSourcesAndItsErrorsNameTheField()
    {
        var config = Path.Combine(Path.GetTempPath(), $"hotpath-config-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, """{"jsonData": {"dataSources": [{"uid": "p", "kind": "pyroscope"}]}}""");
        try
        {
            using var process = Start("serve", "--listen", "127.0.0.1:0", "--config", config);
            var stderr = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

            (await WaitForExitAsync(process, TimeSpan.FromSeconds(10))).Should().BeTrue();
            process.ExitCode.Should().Be(1);
            stderr.Should().Contain("jsonData.dataSources[0].url is required for a pyroscope source");
        }
        finally
        {
            File.Delete(config);
        }
    }

    internal static async Task<bool> WaitForExitAsync(Process process, TimeSpan timeout)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            process.Kill();
            return false;
        }
    }
}
