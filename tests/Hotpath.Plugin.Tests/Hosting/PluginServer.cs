using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Hotpath.Plugin.Hosting;
using Hotpath.Plugin.Logging;
using Hotpath.Plugin.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Tests.Hosting;

/// <summary>
/// The plugin's real gRPC server (<see cref="PluginHost.Build"/>) on a loopback port, and a
/// Grpc.Net.Client channel to it: tests call it the way Grafana does, over HTTP/2 cleartext.
/// </summary>
public sealed class PluginServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PluginServer(WebApplication app, GrpcChannel channel)
    {
        _app = app;
        Channel = channel;
    }

    public GrpcChannel Channel { get; }

    public CallInvoker Calls => Channel.CreateCallInvoker();

    public PluginMetrics Metrics => _app.Services.GetRequiredService<PluginMetrics>();

    public static async Task<PluginServer> StartAsync(string? defaultStorePath = null, Action<IServiceCollection>? configure = null)
    {
        var options = new PluginHostOptions(defaultStorePath ?? Path.Combine(Path.GetTempPath(), "hotpath-grpc-tests"));
        var app = PluginHost.Build(options, new JsonStderrLoggerProvider(Stream.Null, LogLevel.Warning), configure);
        await app.StartAsync();
        // No client-side limits: the tests are about what the server accepts and sends.
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{PluginHost.Port(app)}", new GrpcChannelOptions
        {
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        });
        return new PluginServer(app, channel);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static Method<TRequest, TResponse> Method<TRequest, TResponse>(MethodType type, string service, string name)
        where TRequest : IMessage<TRequest>, new() where TResponse : IMessage<TResponse>, new() =>
        new(type, service, name, Marshaller<TRequest>(), Marshaller<TResponse>());

    /// <summary>A unary method whose request and response are raw bytes, for malformed and unknown calls.</summary>
    public static Method<byte[], byte[]> Raw(string service, string name) =>
        new(MethodType.Unary, service, name, Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));

    private static Marshaller<T> Marshaller<T>() where T : IMessage<T>, new() =>
        Marshallers.Create(m => m.ToByteArray(), bytes => new MessageParser<T>(() => new T()).ParseFrom(bytes));
}
