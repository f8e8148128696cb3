using Grpc.Core;
using Hotpath.Plugin.Protocol.GoPlugin;
using Hotpath.Plugin.Protocol.Health;
using Hotpath.Plugin.Protocol.PluginV2;

namespace Hotpath.Plugin.Tests.Hosting;

/// <summary>The calls Grafana makes, as client-side method descriptions.</summary>
public static class PluginMethods
{
    public static readonly Method<CheckHealthRequest, CheckHealthResponse> CheckHealth =
        PluginServer.Method<CheckHealthRequest, CheckHealthResponse>(MethodType.Unary, "pluginv2.Diagnostics", "CheckHealth");

    public static readonly Method<CollectMetricsRequest, CollectMetricsResponse> CollectMetrics =
        PluginServer.Method<CollectMetricsRequest, CollectMetricsResponse>(MethodType.Unary, "pluginv2.Diagnostics", "CollectMetrics");

    public static readonly Method<CallResourceRequest, CallResourceResponse> CallResource =
        PluginServer.Method<CallResourceRequest, CallResourceResponse>(MethodType.ServerStreaming, "pluginv2.Resource", "CallResource");

    public static readonly Method<QueryDataRequest, QueryDataResponse> QueryData =
        PluginServer.Method<QueryDataRequest, QueryDataResponse>(MethodType.Unary, "pluginv2.Data", "QueryData");

    public static readonly Method<Empty, StdioData> StreamStdio =
        PluginServer.Method<Empty, StdioData>(MethodType.ServerStreaming, "plugin.GRPCStdio", "StreamStdio");

    public static readonly Method<HealthCheckRequest, HealthCheckResponse> HealthCheck =
        PluginServer.Method<HealthCheckRequest, HealthCheckResponse>(MethodType.Unary, "grpc.health.v1.Health", "Check");

    /// <summary>Every message of a server-streaming call, in order.</summary>
    public static async Task<List<TResponse>> ReadAllAsync<TRequest, TResponse>(this CallInvoker calls, Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class where TResponse : class
    {
        using var call = calls.AsyncServerStreamingCall(method, null, options, request);
        var messages = new List<TResponse>();
        while (await call.ResponseStream.MoveNext(options.CancellationToken))
        {
            messages.Add(call.ResponseStream.Current);
        }
        return messages;
    }
}
