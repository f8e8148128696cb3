using System.Diagnostics;
using System.Text;
using Hotpath.Plugin.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Grpc;

/// <summary>
/// A small gRPC server on Kestrel's HTTP/2 cleartext endpoint (Grpc.AspNetCore cannot be used
/// here): routes <c>POST /package.Service/Method</c> to registered methods, enforces the
/// receive-size limit and the client's deadline, and ends every call with <c>grpc-status</c>.
/// Unknown services and methods answer UNIMPLEMENTED, which Grafana reads as "not supported".
/// </summary>
public sealed partial class GrpcEndpoint(IEnumerable<GrpcMethod> methods, int maxReceiveMessageSize, PluginMetrics metrics, ILogger<GrpcEndpoint> log)
{
    /// <summary>Grafana's Go SDK accepts 16 MiB requests; we accept at least as much.</summary>
    public const int DefaultMaxReceiveMessageSize = 16 * 1024 * 1024;

    private static readonly TimeSpan MaxDeadline = TimeSpan.FromDays(30);

    private readonly Dictionary<string, GrpcMethod> _methods = methods.ToDictionary(m => m.Path, StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            http.Response.Headers.Allow = "POST";
            return;
        }
        if (http.Request.ContentType is not { } contentType || !contentType.StartsWith("application/grpc", StringComparison.Ordinal))
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        string? message = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        try
        {
            if (!_methods.TryGetValue(path, out var method))
            {
                throw Unimplemented(path);
            }
            // Timers take at most about 49 days; a longer deadline is, for a plugin call, no deadline.
            if (GrpcTimeout.Parse(http.Request.Headers["grpc-timeout"]) is { } timeout && timeout < MaxDeadline)
            {
                deadline.CancelAfter(timeout);
            }
            var encoding = (string?)http.Request.Headers["grpc-encoding"];
            var request = await GrpcFraming.ReadMessageAsync(http.Request.BodyReader, maxReceiveMessageSize, encoding, deadline.Token).ConfigureAwait(false)
                ?? throw new GrpcException(StatusCode.Internal, "grpc: request stream ended before any message");
            if (await GrpcFraming.ReadMessageAsync(http.Request.BodyReader, maxReceiveMessageSize, encoding, deadline.Token).ConfigureAwait(false) is not null)
            {
                throw new GrpcException(StatusCode.Internal, $"grpc: {path} takes one request message, got more");
            }
            var context = new GrpcCallContext(path, deadline.Token, Metadata(http));
            await method.InvokeAsync(request, http.Response.BodyWriter, () => StartResponseAsync(http), context).ConfigureAwait(false);
        }
        catch (GrpcException e)
        {
            (status, message) = (e.Status, e.Message);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            (status, message) = http.RequestAborted.IsCancellationRequested
                ? (StatusCode.Cancelled, "call cancelled by the client")
                : (StatusCode.DeadlineExceeded, "deadline exceeded");
        }
        catch (Exception e)
        {
            LogHandlerFailed(log, path, e);
            (status, message) = (StatusCode.Internal, $"hotpath: {path} failed: {e.Message}");
        }
        // Unknown paths are the caller's choice: count them under one label so metrics stay bounded.
        metrics.ObserveGrpc(_methods.ContainsKey(path) ? path : "unimplemented", status.ToString());
        LogCall(log, path, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (!http.RequestAborted.IsCancellationRequested)
        {
            Finish(http, status, message);
        }
    }

    private static GrpcException Unimplemented(string path)
    {
        var slash = path.LastIndexOf('/');
        var service = slash > 0 ? path[1..slash] : path.TrimStart('/');
        return new GrpcException(StatusCode.Unimplemented, $"unknown method {path[(slash + 1)..]} for service {service}");
    }

    private static ValueTask StartResponseAsync(HttpContext http)
    {
        if (http.Response.HasStarted)
        {
            return ValueTask.CompletedTask;
        }
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/grpc";
        return new ValueTask(http.Response.StartAsync());
    }

    /// <summary>
    /// Ends the call. Before any message was sent the status goes in the response headers
    /// ("trailers-only"), otherwise in trailers after the messages.
    /// </summary>
    private static void Finish(HttpContext http, StatusCode status, string? message)
    {
        var code = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!http.Response.HasStarted)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/grpc";
            http.Response.Headers["grpc-status"] = code;
            if (message is not null)
            {
                http.Response.Headers["grpc-message"] = PercentEncode(message);
            }
            return;
        }
        http.Response.AppendTrailer("grpc-status", code);
        if (message is not null)
        {
            http.Response.AppendTrailer("grpc-message", PercentEncode(message));
        }
    }

    /// <summary>grpc-message is percent-encoded UTF-8: everything outside printable ASCII, and '%' itself.</summary>
    public static string PercentEncode(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }

    private static IReadOnlyDictionary<string, string> Metadata(HttpContext http)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in http.Request.Headers)
        {
            if (!key.StartsWith(':'))
            {
                metadata[key] = value.ToString();
            }
        }
        return metadata;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "gRPC {Method} finished with {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogCall(ILogger logger, string method, StatusCode status, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "gRPC {Method} failed")]
    private static partial void LogHandlerFailed(ILogger logger, string method, Exception exception);
}
