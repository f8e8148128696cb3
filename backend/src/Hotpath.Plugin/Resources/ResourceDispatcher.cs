using System.Diagnostics;
using Hotpath.Engine.Errors;
using Hotpath.Plugin.Metrics;
using Hotpath.Query.Routing;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Resources;

/// <summary>
/// The single entry to the resource routes for both transports (Grafana's CallResource and the
/// standalone HTTP server): counts and times each call, and turns an unexpected failure into a
/// logged 500 that says only that Hotpath failed.
/// </summary>
public sealed partial class ResourceDispatcher(Router router, PluginMetrics metrics, ILogger<ResourceDispatcher> log)
{
    public async Task<ResourceResponse> DispatchAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        ResourceResponse response;
        try
        {
            response = await router.DispatchAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            LogRouteFailed(log, request.Method, request.Path, e);
            response = ResourceResponse.Error(new ResourceError(ErrorKind.Plugin, $"hotpath failed to answer {request.Method} {request.Path}; see the plugin log"));
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.ObserveResource(router.RouteName(request.Path), MethodLabel(request.Method), response.Status, elapsed);
        LogRequest(log, request.Method, request.Path, response.Status, elapsed.TotalMilliseconds);
        return response;
    }

    /// <summary>HTTP methods are any token a client sends; metrics know the standard ones and count the rest as "other".</summary>
    private static string MethodLabel(string method) => method.ToUpperInvariant() switch
    {
        "GET" or "HEAD" or "POST" or "PUT" or "PATCH" or "DELETE" or "OPTIONS" => method.ToUpperInvariant(),
        _ => "other",
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} answered {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogRouteFailed(ILogger logger, string method, string path, Exception exception);
}
