using Google.Protobuf;
using Grpc.Core;
using Hotpath.Plugin.Pyroscope.Connect;
using Hotpath.Plugin.Standalone;
using Hotpath.Query.Ingest;
using Microsoft.AspNetCore.Http;

namespace Hotpath.Plugin.Pyroscope.Http;

/// <summary>
/// Adapts ASP.NET Core requests to the transport-free Connect and ingest types and writes their
/// responses back: the only place in the Pyroscope layer that knows about HttpContext.
/// </summary>
public static class PyroscopeHttp
{
    /// <summary>
    /// The Connect view of <paramref name="request"/>, its body read by <see cref="RequestBodies"/> (a gzip
    /// body inflated as it streams in, so the codec sees it uncompressed).
    /// </summary>
    /// <exception cref="RequestRefusedException">Over <paramref name="maxBytes"/> (compressed or inflated), or over the server's in-flight budget.</exception>
    public static async Task<ConnectRequest> ReadConnectAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        var gzip = string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase);
        var body = await RequestBodies.ReadAsync(request, maxBytes, inflateGzip: gzip, cancellationToken).ConfigureAwait(false);
        return new ConnectRequest(request.ContentType, gzip || encoding.Length == 0 ? null : encoding,
            request.Headers["Connect-Protocol-Version"].ToString() is { Length: > 0 } v ? v : null, body);
    }

    /// <summary>The /ingest view of <paramref name="request"/> (first value of each query parameter).</summary>
    /// <exception cref="RequestRefusedException">Over <paramref name="maxBytes"/>, or over the server's in-flight budget.</exception>
    public static async Task<LegacyIngestRequest> ReadIngestAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var body = await RequestBodies.ReadAsync(request, maxBytes, inflateGzip: false, cancellationToken).ConfigureAwait(false);
        var query = request.Query.ToDictionary(p => p.Key, p => p.Value.Count > 0 ? p.Value[0] ?? "" : "", StringComparer.Ordinal);
        return new LegacyIngestRequest(query, request.ContentType, body);
    }

    /// <summary>
    /// A body refused while it was read, as Pyroscope's routes answer it: the Connect error body with
    /// <c>resource_exhausted</c> (413 too large, 429 busy) or <c>invalid_argument</c> (400), under the
    /// refusal's own status, so every route gives the same status and message.
    /// </summary>
    public static async Task WriteRefusalAsync(HttpContext http, RequestRefusedException refusal)
    {
        refusal.SetHeaders(http.Response);
        var code = refusal.Status is 413 or 429 ? StatusCode.ResourceExhausted : StatusCode.InvalidArgument;
        await WriteAsync(http.Response, ConnectCodec.Error(code, refusal.Message) with { Status = refusal.Status }, http.RequestAborted).ConfigureAwait(false);
        await RequestBodies.LingerAsync(http).ConfigureAwait(false);
    }

    public static async Task WriteAsync(HttpResponse response, ConnectResponse answer, CancellationToken cancellationToken)
    {
        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers[name] = value;
        }
        response.ContentLength = answer.Body.Length;
        await response.Body.WriteAsync(answer.Body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Any unary Connect RPC (the query API): decode in the request's codec, call
    /// <paramref name="handler"/>, answer in the same codec or with the Connect error.
    /// </summary>
    public static async Task UnaryAsync<TRequest>(HttpContext http, MessageParser<TRequest> parser, Func<TRequest, CancellationToken, Task<IMessage>> handler, long maxBytes = ConnectLimits.DefaultMaxBytes)
        where TRequest : IMessage<TRequest>
    {
        ConnectRequest request;
        try
        {
            request = await ReadConnectAsync(http.Request, maxBytes, http.RequestAborted).ConfigureAwait(false);
        }
        catch (RequestRefusedException refusal)
        {
            await WriteRefusalAsync(http, refusal).ConfigureAwait(false);
            return;
        }
        var answer = await ConnectCodec.HandleAsync(request, parser, handler, new ConnectLimits { MaxBytes = maxBytes }, http.RequestAborted).ConfigureAwait(false);
        await WriteAsync(http.Response, answer, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /push.v1.PusherService/Push</c>: parses, hands the batch to <paramref name="store"/>
    /// (which returns only once it is durable), answers an empty <c>PushResponse</c>.
    /// </summary>
    public static async Task PushAsync(HttpContext http, PushParser parser, IIngestTarget store)
    {
        ConnectRequest request;
        try
        {
            request = await ReadConnectAsync(http.Request, parser.Limits.MaxRequestBytes, http.RequestAborted).ConfigureAwait(false);
        }
        catch (RequestRefusedException refusal)
        {
            await WriteRefusalAsync(http, refusal).ConfigureAwait(false);
            return;
        }
        ConnectResponse answer;
        if (!ConnectCodec.TryGetFormat(request.ContentType, out var format))
        {
            answer = ConnectCodec.UnsupportedMediaType(request.ContentType);
        }
        else
        {
            try
            {
                var batch = parser.Parse(request);
                await store.WriteAsync(batch, http.RequestAborted).ConfigureAwait(false);
                answer = ConnectCodec.Encode(new Wire.Push.PushResponse(), format);
            }
            catch (Exception e) when (ConnectErrors.From(e) is { } refusal)
            {
                answer = ConnectCodec.Error(refusal);
            }
        }
        await WriteAsync(http.Response, answer, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary><c>POST /ingest</c>: parses, stores, answers 200 with an empty body or the error JSON.</summary>
    public static async Task IngestAsync(HttpContext http, LegacyIngestParser parser, IIngestTarget store)
    {
        LegacyIngestRequest request;
        try
        {
            request = await ReadIngestAsync(http.Request, parser.Limits.MaxRequestBytes, http.RequestAborted).ConfigureAwait(false);
        }
        catch (RequestRefusedException refusal)
        {
            await WriteRefusalAsync(http, refusal).ConfigureAwait(false);
            return;
        }
        try
        {
            var batch = await parser.ParseAsync(request, http.RequestAborted).ConfigureAwait(false);
            await store.WriteAsync(batch, http.RequestAborted).ConfigureAwait(false);
            http.Response.StatusCode = 200;
        }
        catch (IngestException e)
        {
            await WriteAsync(http.Response, ConnectErrors.ToIngestResponse(e), http.RequestAborted).ConfigureAwait(false);
        }
    }
}
