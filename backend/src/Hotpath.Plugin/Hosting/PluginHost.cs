using System.Net;
using System.Text;
using Hotpath.Plugin.Grafana;
using Hotpath.Plugin.Grpc;
using Hotpath.Plugin.Logging;
using Hotpath.Plugin.Metrics;
using Hotpath.Plugin.Protocol.GoPlugin;
using Hotpath.Plugin.Protocol.Health;
using Hotpath.Plugin.Protocol.PluginV2;
using Hotpath.Query.Health;
using Hotpath.Query.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Hosting;

/// <summary>
/// Running inside Grafana: a gRPC server on a free loopback port (HTTP/2 cleartext, as go-plugin
/// dials it), announced by the handshake line once it accepts connections.
/// </summary>
public static partial class PluginHost
{
    public static async Task<int> RunAsync(Stream stdout, JsonStderrLoggerProvider logProvider)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.AddHotpathLogging(logProvider);
        builder.Services.AddHotpathCore();
        builder.Services.AddSingleton<IHostLifetime, PluginLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        // One open store per folder for the whole process, shared by every org's instance; closed on shutdown.
        builder.Services.AddSingleton(_ => new StoreRegistry());
        builder.Services.AddSingleton(sp => new InstanceManager(DefaultStorePath(), sp.GetRequiredService<StoreRegistry>(),
            sp.GetRequiredService<HttpClient>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<ResourceService>();
        builder.Services.AddSingleton<DiagnosticsService>();
        builder.Services.AddSingleton<DataService>();
        builder.Services.AddSingleton<GoPluginServices>();
        builder.Services.AddSingleton(sp => new GrpcEndpoint(Methods(sp), MaxReceiveMessageSize(), sp.GetRequiredService<PluginMetrics>(), sp.GetRequiredService<ILogger<GrpcEndpoint>>()));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.Http2.InitialConnectionWindowSize = 16 * 1024 * 1024;
            kestrel.Limits.Http2.InitialStreamWindowSize = 8 * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });

        var app = builder.Build();
        var endpoint = app.Services.GetRequiredService<GrpcEndpoint>();
        app.Run(endpoint.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        stdout.Write(Encoding.ASCII.GetBytes(Handshake.Line(port) + "\n"));
        stdout.Flush();
        LogServing(app.Services.GetRequiredService<ILogger<GrpcEndpoint>>(), port, Environment.ProcessId);

        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    private static IEnumerable<GrpcMethod> Methods(IServiceProvider services)
    {
        var diagnostics = services.GetRequiredService<DiagnosticsService>();
        var resource = services.GetRequiredService<ResourceService>();
        var data = services.GetRequiredService<DataService>();
        var goPlugin = services.GetRequiredService<GoPluginServices>();
        return
        [
            GrpcMethod.Unary<CheckHealthRequest, CheckHealthResponse>("/pluginv2.Diagnostics/CheckHealth", CheckHealthRequest.Parser, diagnostics.CheckHealthAsync),
            GrpcMethod.Unary<CollectMetricsRequest, CollectMetricsResponse>("/pluginv2.Diagnostics/CollectMetrics", CollectMetricsRequest.Parser, diagnostics.CollectMetricsAsync),
            GrpcMethod.ServerStreaming<CallResourceRequest, CallResourceResponse>("/pluginv2.Resource/CallResource", CallResourceRequest.Parser, resource.CallResourceAsync),
            GrpcMethod.Unary<QueryDataRequest, QueryDataResponse>("/pluginv2.Data/QueryData", QueryDataRequest.Parser, data.QueryDataAsync),
            GrpcMethod.Unary<Empty, Empty>("/plugin.GRPCController/Shutdown", Empty.Parser, goPlugin.ShutdownAsync),
            GrpcMethod.ServerStreaming<Empty, StdioData>("/plugin.GRPCStdio/StreamStdio", Empty.Parser, goPlugin.StreamStdioAsync),
            GrpcMethod.Unary<HealthCheckRequest, HealthCheckResponse>("/grpc.health.v1.Health/Check", HealthCheckRequest.Parser, goPlugin.HealthCheckAsync),
        ];
    }

    /// <summary>
    /// Where the embedded store lives when the app's settings do not say: <c>HOTPATH_DATA</c>, else
    /// Grafana's data folder (<c>GF_PATHS_DATA</c>, set in Grafana's images), else the temp folder.
    /// </summary>
    private static string DefaultStorePath() =>
        Environment.GetEnvironmentVariable("HOTPATH_DATA") is { Length: > 0 } explicitPath ? explicitPath
        : Environment.GetEnvironmentVariable("GF_PATHS_DATA") is { Length: > 0 } grafanaData ? Path.Combine(grafanaData, "hotpath")
        : Path.Combine(Path.GetTempPath(), "hotpath");

    private static int MaxReceiveMessageSize() =>
        int.TryParse(Environment.GetEnvironmentVariable("HOTPATH_GRPC_MAX_RECEIVE_BYTES"), out var bytes) && bytes >= GrpcEndpoint.DefaultMaxReceiveMessageSize
            ? bytes
            : GrpcEndpoint.DefaultMaxReceiveMessageSize;

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving plugin on 127.0.0.1:{Port} (pid {Pid})")]
    private static partial void LogServing(ILogger logger, int port, int pid);
}
