using Grpc.Core;
using Hotpath.Plugin.Protocol.GoPlugin;
using Hotpath.Plugin.Protocol.Health;
using Microsoft.Extensions.Hosting;

namespace Hotpath.Plugin.Grafana;

/// <summary>
/// go-plugin's <c>plugin.GRPCController</c>: the call Grafana stops its plugins with.
/// </summary>
public sealed class GrpcControllerService(IHostApplicationLifetime lifetime) : GRPCController.GRPCControllerBase
{
    /// <summary>
    /// Answers at once, then stops the host. Grafana kills plugins that are still there 2 s after
    /// asking, so a watchdog ends the process outright if an orderly stop takes longer than 1.5 s.
    /// </summary>
    public override Task<Empty> Shutdown(Empty request, ServerCallContext context)
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
}

/// <summary>
/// go-plugin's <c>plugin.GRPCStdio</c>, which Grafana opens at connect. Held open and silent until
/// the client goes away or we stop: the plugin never writes to stdout after the handshake.
/// </summary>
public sealed class GrpcStdioService(IHostApplicationLifetime lifetime) : GRPCStdio.GRPCStdioBase
{
    public override async Task StreamStdio(Empty request, IServerStreamWriter<StdioData> responseStream, ServerCallContext context)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
    }
}

/// <summary><c>grpc.health.v1.Health</c> as go-plugin asks it: the plugin as a whole is named "plugin".</summary>
public sealed class HealthService : Health.HealthBase
{
    /// <summary>go-plugin's name for the plugin as a whole in grpc.health.v1.</summary>
    public const string PluginServiceName = "plugin";

    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) =>
        request.Service is "" or PluginServiceName
            ? Task.FromResult(new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving })
            : throw new RpcException(new Status(StatusCode.NotFound, $"unknown service '{request.Service}'"));
}
