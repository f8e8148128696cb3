using Hotpath.Plugin.Grpc;
using Hotpath.Plugin.Protocol.GoPlugin;
using Hotpath.Plugin.Protocol.Health;
using Microsoft.Extensions.Hosting;

namespace Hotpath.Plugin.Grafana;

/// <summary>
/// The services go-plugin expects beside the plugin's own: the controller Grafana stops us with,
/// the stdio stream it opens at connect, and the standard health service for "plugin".
/// </summary>
public sealed class GoPluginServices(IHostApplicationLifetime lifetime)
{
    /// <summary>go-plugin's name for the plugin as a whole in grpc.health.v1.</summary>
    public const string HealthServiceName = "plugin";

    /// <summary>
    /// Answers at once, then stops the host. Grafana kills plugins that are still there 2 s after
    /// asking, so a watchdog ends the process outright if an orderly stop takes longer than 1.5 s.
    /// </summary>
    public Task<Empty> ShutdownAsync(Empty request, GrpcCallContext call)
    {
        _ = Task.Run(async () =>
        {
            await Task.Delay(50).ConfigureAwait(false);
            lifetime.StopApplication();
            await Task.Delay(1500).ConfigureAwait(false);
            Environment.Exit(0);
        });
        return Task.FromResult(new Empty());
    }

    /// <summary>Held open and silent until the client goes away or we stop: we never write to stdout after the handshake.</summary>
    public async Task StreamStdioAsync(Empty request, GrpcStreamWriter<StdioData> stream, GrpcCallContext call)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
    }

    public Task<HealthCheckResponse> HealthCheckAsync(HealthCheckRequest request, GrpcCallContext call)
    {
        if (request.Service is "" or HealthServiceName)
        {
            return Task.FromResult(new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving });
        }
        throw new GrpcException(StatusCode.NotFound, $"unknown service '{request.Service}'");
    }
}
