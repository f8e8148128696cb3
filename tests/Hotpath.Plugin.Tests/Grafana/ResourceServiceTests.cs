using System.Text;
using System.Text.Json;
using FluentAssertions;
using Google.Protobuf;
using Hotpath.Plugin.Grafana;
using Hotpath.Plugin.Metrics;
using Hotpath.Plugin.Protocol.PluginV2;
using Hotpath.Plugin.Tests.Hosting;
using Hotpath.Query.Routing;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Grafana;

public class ResourceServiceTests
{
    /// <summary>One CallResource through the plugin's real gRPC server, with <paramref name="router"/> as its routes.</summary>
    private static async Task<List<CallResourceResponse>> CallAsync(Router router, CallResourceRequest request, PluginMetrics? metrics = null)
    {
        await using var server = await PluginServer.StartAsync(configure: services =>
        {
            services.AddSingleton(router);
            if (metrics is not null)
            {
                services.AddSingleton(metrics);
            }
        });
        return await server.Calls.ReadAllAsync(PluginMethods.CallResource, request);
    }

    private static PluginContext Context(string jsonData = "", long lastUpdated = 1) => new()
    {
        OrgId = 1,
        PluginId = "hotpath-profiles-app",
        User = new User { Login = "admin", Role = "Admin" },
        AppInstanceSettings = new AppInstanceSettings { JsonData = ByteString.CopyFromUtf8(jsonData), LastUpdatedMS = lastUpdated },
    };

    [Test]
    public async Task CallResource_LargeBody_ArrivesInChunksWithCodeAndHeadersFirst()
    {
        var big = string.Concat(Enumerable.Range(0, 50_000).Select(i => $"line {i}\n"));
        var router = new Router().Map("GET", "big", (r, _) => Task.FromResult(ResourceResponse.Text(big + r.Context.UserLogin, 203)));

        var messages = await CallAsync(router, new CallResourceRequest { PluginContext = Context(), Method = "GET", Path = "big", Url = "big?x=1" });

        var expected = Encoding.UTF8.GetBytes(big + "admin");
        messages.Should().HaveCount((expected.Length + ResourceService.ChunkSize - 1) / ResourceService.ChunkSize);
        messages[0].Code.Should().Be(203);
        messages[0].Headers["Content-Type"].Values.Should().Equal("text/plain; charset=utf-8");
        messages.Skip(1).Should().OnlyContain(m => m.Code == 0 && m.Headers.Count == 0);
        messages.Should().OnlyContain(m => m.Body.Length <= ResourceService.ChunkSize);
        messages.SelectMany(m => m.Body.ToByteArray()).Should().Equal(expected);
    }

    [Test]
    public async Task CallResource_EmptyBody_StillSendsOneMessageWithAValidCode()
    {
        var router = new Router().Map("POST", "nothing", (_, _) => Task.FromResult(new ResourceResponse(204, new Dictionary<string, string>(), ReadOnlyMemory<byte>.Empty)));

        var messages = await CallAsync(router, new CallResourceRequest { PluginContext = Context(), Method = "POST", Path = "nothing" });

        messages.Should().ContainSingle().Which.Code.Should().Be(204);
    }

    [Test]
    public async Task CallResource_PassesQueryHeadersAndBodyToTheRoute()
    {
        ResourceRequest? seen = null;
        var router = new Router().Map("POST", "echo", (r, _) =>
        {
            seen = r;
            return Task.FromResult(ResourceResponse.Text("ok"));
        });
        var request = new CallResourceRequest
        {
            PluginContext = Context(),
            Method = "POST",
            Path = "echo",
            Url = "echo?from=now-1h&query=%7Bservice_name%3D%22a%22%7D",
            Body = ByteString.CopyFromUtf8("payload"),
        };
        request.Headers["X-Grafana-User"] = new StringList { Values = { "admin" } };

        await CallAsync(router, request);

        seen!.Query.Should().BeEquivalentTo(new Dictionary<string, string> { ["from"] = "now-1h", ["query"] = "{service_name=\"a\"}" });
        seen.Header("x-grafana-user").Should().Be("admin");
        Encoding.UTF8.GetString(seen.Body.Span).Should().Be("payload");
        seen.Context.OrgId.Should().Be(1);
    }

    [Test]
    public async Task CallResource_RouteThrows_Is500WithoutTheExceptionTextAndCounted()
    {
        var metrics = new PluginMetrics(TimeProvider.System);
        var router = new Router().Map("GET", "crash", (_, _) => throw new InvalidOperationException("internal detail"));

        var messages = await CallAsync(router, new CallResourceRequest { PluginContext = Context(), Method = "GET", Path = "crash" }, metrics);

        messages[0].Code.Should().Be(500);
        var body = messages[0].Body.ToStringUtf8();
        body.Should().NotContain("internal detail");
        JsonDocument.Parse(body).RootElement.GetProperty("kind").GetString().Should().Be("plugin");
        metrics.Render().Should().Contain("hotpath_resource_requests_total{route=\"crash\",method=\"GET\",status=\"500\"} 1");
    }

    [Test]
    public async Task CallResource_UnusualMethodsAndPaths_KeepMetricLabelsBounded()
    {
        var metrics = new PluginMetrics(TimeProvider.System);
        var router = new Router().Map("GET", "x", (_, _) => Task.FromResult(ResourceResponse.Text("x")));

        await CallAsync(router, new CallResourceRequest { PluginContext = Context(), Method = "FOO1", Path = "x" }, metrics);
        await CallAsync(router, new CallResourceRequest { PluginContext = Context(), Method = "GET", Path = "user/chosen/path" }, metrics);

        var text = metrics.Render();
        text.Should().Contain("hotpath_resource_requests_total{route=\"x\",method=\"other\",status=\"405\"} 1");
        text.Should().Contain("hotpath_resource_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1");
        text.Should().NotContain("FOO1").And.NotContain("user/chosen");
    }

    [Test]
    public async Task CallResource_BadAppSettings_Is500NamingTheField()
    {
        var router = new Router().Map("GET", "x", (_, _) => Task.FromResult(ResourceResponse.Text("unreachable")));

        var messages = await CallAsync(router, new CallResourceRequest { PluginContext = Context("{\"dataSources\": 5}"), Method = "GET", Path = "x" });

        messages[0].Code.Should().Be(500);
        messages[0].Body.ToStringUtf8().Should().Contain("invalid app settings: jsonData.dataSources must be an array");
    }
}
