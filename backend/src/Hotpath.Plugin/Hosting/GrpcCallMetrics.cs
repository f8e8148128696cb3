using System.Diagnostics;
using System.Globalization;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Hotpath.Plugin.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Hosting;

/// <summary>
/// Counts every gRPC call by method and final status. A middleware rather than an interceptor:
/// calls that fail before any handler runs (unknown methods, malformed or oversize requests) end
/// without reaching an interceptor, and they are the ones worth counting.
/// </summary>
public static partial class GrpcCallMetrics
{
    /// <summary>The method label of calls to services or methods the plugin does not have; keeps labels bounded.</summary>
    public const string Unimplemented = "unimplemented";

    public static RequestDelegate Middleware(RequestDelegate next, PluginMetrics metrics, TimeProvider time, ILogger log) => async http =>
    {
        var started = Stopwatch.GetTimestamp();
        await next(http).ConfigureAwait(false);
        if (http.Features.Get<IServerCallContextFeature>()?.ServerCallContext is { } call)
        {
            var status = FinalStatus(http, call, time.GetUtcNow().UtcDateTime);
            metrics.ObserveGrpc(call.Method, status.ToString());
            LogCall(log, call.Method, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        // A gRPC endpoint without method metadata is Grpc.AspNetCore's answer to an unknown service or method.
        else if (http.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is null)
        {
            metrics.ObserveGrpc(Unimplemented, nameof(StatusCode.Unimplemented));
            LogCall(log, http.Request.Path.Value ?? "", StatusCode.Unimplemented, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    };

    /// <summary>
    /// The status the client was given. The call context alone is not enough: after a deadline
    /// the handler's own cancellation overwrites DEADLINE_EXCEEDED with UNKNOWN there, though
    /// DEADLINE_EXCEEDED already went out in the trailers (and the stream was then reset, which
    /// otherwise means the client cancelled). The client enforces the same deadline and resets the
    /// stream when it passes, which can reach the server before its own deadline timer does: a reset
    /// at or past the deadline is the deadline, not a cancellation.
    /// </summary>
    private static StatusCode FinalStatus(HttpContext http, ServerCallContext call, DateTime nowUtc)
    {
        var trailer = http.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { } trailers && trailers.TryGetValue("grpc-status", out var t)
            ? t
            : http.Response.Headers["grpc-status"];
        StatusCode? sent = int.TryParse(trailer, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? (StatusCode)code : null;
        return sent == StatusCode.DeadlineExceeded ? StatusCode.DeadlineExceeded
            : http.RequestAborted.IsCancellationRequested ? (call.Deadline <= nowUtc ? StatusCode.DeadlineExceeded : StatusCode.Cancelled)
            : sent ?? call.Status.StatusCode;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "gRPC {Method} finished with {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogCall(ILogger logger, string method, StatusCode status, double elapsedMs);
}
