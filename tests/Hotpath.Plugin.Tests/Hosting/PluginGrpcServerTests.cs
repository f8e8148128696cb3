using FluentAssertions;
using Google.Protobuf;
using Grpc.Core;
using Hotpath.Plugin.Hosting;
using Hotpath.Plugin.Protocol.GoPlugin;
using Hotpath.Plugin.Protocol.Health;
using Hotpath.Plugin.Protocol.PluginV2;
using Hotpath.Query.Routing;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Hosting;

/// <summary>
/// The guarantees Grafana relies on, through a real gRPC client against the plugin's real server:
/// 16 MiB requests, refusals with proper statuses while the server keeps serving, deadlines and
/// cancellation reaching the route, and every call counted.
/// </summary>
public class PluginGrpcServerTests
{
    private const int Limit = PluginHost.DefaultMaxReceiveMessageSize;

    /// <summary>Signals when a route's cancellation token fires; the route itself waits forever.</summary>
    private readonly TaskCompletionSource _routeCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _routeStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PluginServer _server = null!;

    [SetUp]
    public async Task StartAsync()
    {
        var router = new Router()
            .Map("POST", "size", (r, _) => Task.FromResult(ResourceResponse.Text(r.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .Map("GET", "hang", async (_, cancellationToken) =>
            {
                using var registration = cancellationToken.Register(() => _routeCancelled.TrySetResult());
                _routeStarted.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return ResourceResponse.Text("unreachable");
            });
        _server = await PluginServer.StartAsync(configure: services => services.AddSingleton(router));
    }

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    private static PluginContext App() => new() { OrgId = 1, PluginId = "hotpath-profiles-app", AppInstanceSettings = new AppInstanceSettings { LastUpdatedMS = 1 } };

    private static CallResourceRequest Post(string path, int bodyBytes) => new()
    {
        PluginContext = App(),
        Method = "POST",
        Path = path,
        Url = path,
        Body = ByteString.CopyFrom(new byte[bodyBytes]),
    };

    private Task<List<CallResourceResponse>> ResourceAsync(CallResourceRequest request, CallOptions options = default) =>
        _server.Calls.ReadAllAsync(PluginMethods.CallResource, request, options);

    private async Task AssertStillServingAsync()
    {
        var response = await _server.Calls.AsyncUnaryCall(PluginMethods.HealthCheck, null, default, new HealthCheckRequest { Service = "plugin" });
        response.Status.Should().Be(HealthCheckResponse.Types.ServingStatus.Serving);
    }

    /// <summary>
    /// Waits for a call to be counted: a call that ended by deadline or cancellation is counted
    /// when its handler has unwound, which may be after the client has its answer.
    /// </summary>
    private async Task CountedAsync(string line)
    {
        for (var i = 0; i < 300 && !_server.Metrics.Render().Contains(line, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }
        _server.Metrics.Render().Should().Contain(line);
    }

    private static async Task<RpcException> FailureOf(Func<Task> call) => (await call.Should().ThrowAsync<RpcException>()).Which;

    [Test]
    public async Task Health_PluginAndEmptyName_AreServing()
    {
        foreach (var name in new[] { "plugin", "" })
        {
            var response = await _server.Calls.AsyncUnaryCall(PluginMethods.HealthCheck, null, default, new HealthCheckRequest { Service = name });
            response.Status.Should().Be(HealthCheckResponse.Types.ServingStatus.Serving);
        }
    }

    [Test]
    public async Task Health_UnknownService_IsNotFoundNamingIt_NonAsciiIntact()
    {
        var error = await FailureOf(async () => await _server.Calls.AsyncUnaryCall(PluginMethods.HealthCheck, null, default, new HealthCheckRequest { Service = "café 100%" }));

        error.StatusCode.Should().Be(StatusCode.NotFound);
        error.Status.Detail.Should().Be("unknown service 'café 100%'");
    }

    [Test]
    public async Task Request_JustUnder16MiB_ReachesTheRoute()
    {
        var request = Post("size", 0);
        request.Body = ByteString.CopyFrom(new byte[Limit - request.CalculateSize() - 16]);
        request.CalculateSize().Should().BeInRange(Limit - 32, Limit);

        var messages = await ResourceAsync(request);

        messages[0].Code.Should().Be(200);
        messages[0].Body.ToStringUtf8().Should().Be(request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task Request_Over16MiB_IsResourceExhausted_AndTheServerKeepsServing()
    {
        var error = await FailureOf(() => ResourceAsync(Post("size", Limit + 1)));

        error.StatusCode.Should().Be(StatusCode.ResourceExhausted);
        await AssertStillServingAsync();
    }

    [Test]
    public async Task Request_GzipCompressed_IsInflatedForTheRoute()
    {
        var options = new CallOptions(new Metadata { { "grpc-internal-encoding-request", "gzip" } });

        var messages = await ResourceAsync(Post("size", 1_000_000), options);

        messages[0].Body.ToStringUtf8().Should().Be("1000000");
    }

    [Test]
    public async Task Request_GzipThatInflatesPast16MiB_IsResourceExhausted()
    {
        // 17 MiB of zeros compress to a few kilobytes: the limit applies to the inflated message.
        var options = new CallOptions(new Metadata { { "grpc-internal-encoding-request", "gzip" } });

        var error = await FailureOf(() => ResourceAsync(Post("size", 17 * 1024 * 1024), options));

        error.StatusCode.Should().Be(StatusCode.ResourceExhausted);
        await AssertStillServingAsync();
    }

    [TestCase(new byte[] { 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f })]
    [TestCase(new byte[] { 0x0f, 0x01 })]
    [TestCase(new byte[] { 0x0a, 0x05, 0x08 })]
    public async Task Request_MalformedProtobuf_FailsNamingTheParseError_AndIsCounted(byte[] bytes)
    {
        var error = await FailureOf(async () => await _server.Calls.AsyncUnaryCall(PluginServer.Raw("pluginv2.Diagnostics", "CheckHealth"), null, default, bytes));

        // grpc-go answers INTERNAL; Grpc.AspNetCore answers UNKNOWN for a request it cannot parse.
        error.StatusCode.Should().BeOneOf(StatusCode.Internal, StatusCode.InvalidArgument, StatusCode.Unknown);
        error.Status.Detail.Should().Contain("InvalidProtocolBufferException");
        _server.Metrics.Render().Should().Contain($"hotpath_grpc_calls_total{{method=\"/pluginv2.Diagnostics/CheckHealth\",code=\"{error.StatusCode}\"}} 1");
        await AssertStillServingAsync();
    }

    [TestCase("no.such.Service", "Call")]
    [TestCase("pluginv2.Diagnostics", "NoSuchMethod")]
    [TestCase("pluginv2.Data", "QueryChunkedData")]
    [TestCase("plugin.GRPCBroker", "StartStream")]
    public async Task UnknownServiceOrMethod_IsUnimplemented_CountedUnderOneLabel(string service, string method)
    {
        var error = await FailureOf(async () => await _server.Calls.AsyncUnaryCall(PluginServer.Raw(service, method), null, default, []));

        error.StatusCode.Should().Be(StatusCode.Unimplemented);
        var metrics = _server.Metrics.Render();
        metrics.Should().Contain("hotpath_grpc_calls_total{method=\"unimplemented\",code=\"Unimplemented\"} 1");
        metrics.Should().NotContain(method);
        await AssertStillServingAsync();
    }

    [Test]
    public async Task Deadline_CancelsTheRoute_AndIsDeadlineExceeded()
    {
        var options = new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(300));

        var error = await FailureOf(() => ResourceAsync(new CallResourceRequest { PluginContext = App(), Method = "GET", Path = "hang", Url = "hang" }, options));

        error.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
        await _routeCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await AssertStillServingAsync();
        await CountedAsync("hotpath_grpc_calls_total{method=\"/pluginv2.Resource/CallResource\",code=\"DeadlineExceeded\"} 1");
    }

    [Test]
    public async Task ClientCancellation_ReachesTheRoute()
    {
        using var cancel = new CancellationTokenSource();
        var call = ResourceAsync(new CallResourceRequest { PluginContext = App(), Method = "GET", Path = "hang", Url = "hang" }, new CallOptions(cancellationToken: cancel.Token));
        await _routeStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await cancel.CancelAsync();

        (await FailureOf(() => call)).StatusCode.Should().Be(StatusCode.Cancelled);
        await _routeCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await AssertStillServingAsync();
        await CountedAsync("hotpath_grpc_calls_total{method=\"/pluginv2.Resource/CallResource\",code=\"Cancelled\"} 1");
    }

    [Test]
    public async Task CheckHealthAndCollectMetrics_AreCountedByMethodAndStatus()
    {
        var health = await _server.Calls.AsyncUnaryCall(PluginMethods.CheckHealth, null, default, new CheckHealthRequest { PluginContext = App() });
        var metrics = await _server.Calls.AsyncUnaryCall(PluginMethods.CollectMetrics, null, default, new CollectMetricsRequest { PluginContext = App() });

        health.Status.Should().Be(CheckHealthResponse.Types.HealthStatus.Ok, health.Message);
        // The CollectMetrics call itself is counted once it has ended, after its answer was rendered.
        metrics.Metrics.Prometheus.ToStringUtf8().Should().Contain("hotpath_grpc_calls_total{method=\"/pluginv2.Diagnostics/CheckHealth\",code=\"OK\"} 1");
    }

    [Test]
    public async Task Stdio_StaysOpenAndSilentUntilTheClientLeaves()
    {
        using var cancel = new CancellationTokenSource();
        using var call = _server.Calls.AsyncServerStreamingCall(PluginMethods.StreamStdio, null, new CallOptions(cancellationToken: cancel.Token), new Empty());
        var next = call.ResponseStream.MoveNext(cancel.Token);
        await AssertStillServingAsync();
        next.IsCompleted.Should().BeFalse("the stream carries nothing and stays open");

        await cancel.CancelAsync();

        (await FailureOf(() => next)).StatusCode.Should().Be(StatusCode.Cancelled);
    }
}
