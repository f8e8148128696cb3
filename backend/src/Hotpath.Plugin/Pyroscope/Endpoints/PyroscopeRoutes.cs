using Google.Protobuf;
using Grpc.Core;
using Hotpath.Plugin.Pyroscope.Connect;
using Hotpath.Plugin.Pyroscope.Http;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using Hotpath.Query.Ingest;
using Hotpath.Query.Querier;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using IProfileSource = Hotpath.Query.Sources.IProfileSource;

namespace Hotpath.Plugin.Pyroscope.Endpoints;

/// <summary>
/// The Pyroscope-compatible paths of the standalone server — ingest (Push, /ingest) and the
/// querier's Connect RPCs — bound to one profile source and one ingest target (the standalone
/// server's embedded store for both). All are POST; anything unexpected is
/// logged and answered as a Connect <c>internal</c> error that carries no details.
/// </summary>
public sealed partial class PyroscopeRoutes
{
    public const string PushPath = "/push.v1.PusherService/Push";
    public const string QuerierPrefix = "/querier.v1.QuerierService/";

    private readonly Dictionary<string, RequestDelegate> _routes = new(StringComparer.Ordinal);
    private readonly ILogger _log;

    public PyroscopeRoutes(IProfileSource source, IIngestTarget target, IngestLimits limits, TimeProvider time, ILogger log)
    {
        _log = log;
        var intake = new ProfileIntake(limits, time);
        var push = new PushParser(intake);
        var ingest = new LegacyIngestParser(intake, time, MultipartProfile.ReadAsync);
        var q = new QuerierEndpoints(new QuerierService(source, time));

        _routes[PushPath] = http => PyroscopeHttp.PushAsync(http, push, target);
        _routes["/ingest"] = http => PyroscopeHttp.IngestAsync(http, ingest, target);
        _routes["/pyroscope/ingest"] = _routes["/ingest"];

        Unary("ProfileTypes", ProfileTypesRequest.Parser, (_, r, ct) => q.ProfileTypesAsync(r, ct));
        Unary("LabelNames", LabelNamesRequest.Parser, (http, r, ct) => q.LabelNamesAsync(r, Utf8(http), ct));
        Unary("LabelValues", LabelValuesRequest.Parser, (_, r, ct) => q.LabelValuesAsync(r, ct));
        Unary("Series", SeriesRequest.Parser, (http, r, ct) => q.SeriesAsync(r, Utf8(http), ct));
        Unary("SelectSeries", SelectSeriesRequest.Parser, (_, r, ct) => q.SelectSeriesAsync(r, ct));
        Unary("SelectMergeStacktraces", SelectMergeStacktracesRequest.Parser, (_, r, ct) => q.SelectMergeStacktracesAsync(r, ct));
        Unary("SelectMergeProfile", SelectMergeProfileRequest.Parser, (_, r, ct) => q.SelectMergeProfileAsync(r, ct));
        Unary("Diff", DiffRequest.Parser, (_, r, ct) => q.DiffAsync(r, ct));
        Unary("GetProfileStats", GetProfileStatsRequest.Parser, (_, r, ct) => q.GetProfileStatsAsync(r, ct));
    }

    public IEnumerable<string> Paths => _routes.Keys;

    /// <summary>Serves <paramref name="http"/> when its path is one of these routes; false leaves it to the rest of the server.</summary>
    public async Task<bool> TryServeAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (!_routes.TryGetValue(path, out var route))
        {
            if (!path.StartsWith(QuerierPrefix, StringComparison.Ordinal))
            {
                return false;
            }
            await PyroscopeHttp.WriteAsync(http.Response, ConnectCodec.Error(StatusCode.Unimplemented,
                $"{path[1..]} is not implemented by Hotpath"), http.RequestAborted).ConfigureAwait(false);
            return true;
        }
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            http.Response.Headers.Allow = "POST";
            return true;
        }
        try
        {
            await route(http).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e)
        {
            LogFailed(_log, e, path);
            if (!http.Response.HasStarted)
            {
                http.Response.Clear();
                await PyroscopeHttp.WriteAsync(http.Response, ConnectCodec.Error(StatusCode.Internal, "internal error; see the server log"),
                    CancellationToken.None).ConfigureAwait(false);
            }
        }
        return true;
    }

    private void Unary<TRequest>(string method, MessageParser<TRequest> parser, Func<HttpContext, TRequest, CancellationToken, Task<IMessage>> handler)
        where TRequest : IMessage<TRequest>
    {
        Task Serve(HttpContext http) => PyroscopeHttp.UnaryAsync(http, parser, (r, ct) => handler(http, r, ct));
        _routes[QuerierPrefix + method] = Serve;
    }

    private static bool Utf8(HttpContext http) => QuerierEndpoints.AllowsUtf8LabelNames(http.Request.Headers.Accept.ToString());

    [LoggerMessage(Level = LogLevel.Error, Message = "{Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception error, string path);
}
