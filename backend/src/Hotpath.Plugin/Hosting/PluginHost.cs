using System.Text;
using Hotpath.Plugin.Grafana;
using Hotpath.Plugin.Logging;
using Hotpath.Plugin.Metrics;
using Hotpath.Query.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Hosting;

/// <summary>
/// Running inside Grafana: Grpc.AspNetCore services on a free loopback port (HTTP/2 cleartext, as
/// go-plugin dials it), announced by the handshake line as soon as the port listens.
/// </summary>
public static partial class PluginHost
{
    /// <summary>Grafana's Go SDK accepts 16 MiB requests; we accept at least as much.</summary>
    public const int DefaultMaxReceiveMessageSize = 16 * 1024 * 1024;

    public static async Task<int> RunAsync(Stream stdout, JsonStderrLoggerProvider logProvider)
    {
        // The handshake goes out as soon as the socket listens (see PluginListener); the host is
        // built and started after it, while Grafana's first connection waits in the backlog.
        var listener = PluginListener.Bind();
        stdout.Write(Encoding.ASCII.GetBytes(Handshake.Line(listener.Port) + "\n"));
        stdout.Flush();

        var app = Build(new PluginHostOptions(DefaultStorePath(), MaxReceiveMessageSize()), logProvider,
            services => services.AddSingleton<IHostLifetime, PluginLifetime>(), listener);
        await app.StartAsync().ConfigureAwait(false);
        LogServing(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PluginHost).FullName!), listener.Port, Environment.ProcessId);

        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// The plugin's server, not yet started: Kestrel on <paramref name="listener"/> (default: a new
    /// one on 127.0.0.1, port chosen by the system; closed when the host stops), and the gRPC
    /// services Grafana calls. <paramref name="configure"/> runs after the plugin's own
    /// registrations, so a later registration of a service replaces the plugin's.
    /// </summary>
    public static WebApplication Build(PluginHostOptions options, JsonStderrLoggerProvider logProvider, Action<IServiceCollection>? configure = null,
        PluginListener? listener = null)
    {
        listener ??= PluginListener.Bind();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.AddHotpathLogging(logProvider);
        builder.Services.AddHotpathCore();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        // One open store per folder for the whole process, shared by every org's instance; closed on shutdown.
        builder.Services.AddSingleton(_ => new StoreRegistry());
        builder.Services.AddSingleton(sp => new InstanceManager(options.DefaultStorePath, sp.GetRequiredService<StoreRegistry>(),
            sp.GetRequiredService<HttpClient>(), sp.GetRequiredService<TimeProvider>()));
        // Singletons: the services hold no per-call state, and Grpc.AspNetCore takes registered services from the container.
        builder.Services.AddSingleton<ResourceService>();
        builder.Services.AddSingleton<DiagnosticsService>();
        builder.Services.AddSingleton<DataService>();
        builder.Services.AddSingleton<GrpcControllerService>();
        builder.Services.AddSingleton<GrpcStdioService>();
        builder.Services.AddSingleton<HealthService>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
            // Grafana's own limit decides what it accepts back; large answers are chunked by the services.
            grpc.MaxSendMessageSize = null;
            // A failing handler's message reaches Grafana's log (the services catch what they expect
            // and answer it in their own messages, so what arrives here is a malformed request or a bug).
            grpc.EnableDetailedErrors = true;
        });
        configure?.Invoke(builder.Services);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.Http2.InitialConnectionWindowSize = 16 * 1024 * 1024;
            kestrel.Limits.Http2.InitialStreamWindowSize = 8 * 1024 * 1024;
            kestrel.ListenHandle(listener.Handle, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddSingleton(listener);

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(listener.Dispose);
        var metrics = app.Services.GetRequiredService<PluginMetrics>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GrpcCallMetrics).FullName!);
        var time = app.Services.GetRequiredService<TimeProvider>();
        app.Use(next => GrpcCallMetrics.Middleware(next, metrics, time, log));
        app.MapGrpcService<DiagnosticsService>();
        app.MapGrpcService<ResourceService>();
        app.MapGrpcService<DataService>();
        app.MapGrpcService<GrpcControllerService>();
        app.MapGrpcService<GrpcStdioService>();
        app.MapGrpcService<HealthService>();
        return app;
    }

    /// <summary>The loopback port the host listens on.</summary>
    public static int Port(WebApplication app) => app.Services.GetRequiredService<PluginListener>().Port;

    /// <summary>
    /// Where the embedded store lives when the app's settings do not say: <c>HOTPATH_DATA</c>, else
    /// Grafana's data folder (<c>GF_PATHS_DATA</c>, set in Grafana's images), else the temp folder.
    /// </summary>
    private static string DefaultStorePath() =>
        Environment.GetEnvironmentVariable("HOTPATH_DATA") is { Length: > 0 } explicitPath ? explicitPath
        : Environment.GetEnvironmentVariable("GF_PATHS_DATA") is { Length: > 0 } grafanaData ? Path.Combine(grafanaData, "hotpath")
        : Path.Combine(Path.GetTempPath(), "hotpath");

    private static int MaxReceiveMessageSize() =>
        int.TryParse(Environment.GetEnvironmentVariable("HOTPATH_GRPC_MAX_RECEIVE_BYTES"), out var bytes) && bytes >= DefaultMaxReceiveMessageSize
            ? bytes
            : DefaultMaxReceiveMessageSize;

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving plugin on 127.0.0.1:{Port} (pid {Pid})")]
    private static partial void LogServing(ILogger logger, int port, int pid);
}

/// <param name="DefaultStorePath">Where the embedded store lives when the app's settings do not say.</param>
/// <param name="MaxReceiveMessageSize">Largest request message accepted; larger ones are answered RESOURCE_EXHAUSTED.</param>
public sealed record PluginHostOptions(string DefaultStorePath, int MaxReceiveMessageSize = PluginHost.DefaultMaxReceiveMessageSize);
