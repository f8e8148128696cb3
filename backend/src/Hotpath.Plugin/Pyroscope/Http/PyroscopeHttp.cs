using Google.Protobuf;
using Grpc.Core;
using Hotpath.Plugin.Pyroscope.Connect;
using Hotpath.Query.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Hotpath.Plugin.Pyroscope.Http;

/// <summary>
/// Adapts ASP.NET Core requests to the transport-free Connect and ingest types and writes their
/// responses back: the only place in the Pyroscope layer that knows about HttpContext.
/// </summary>
public static class PyroscopeHttp
{
    /// <summary>The Connect view of <paramref name="request"/>; null when its body is over <paramref name="maxBytes"/>.</summary>
    public static async Task<ConnectRequest?> ReadConnectAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        return body is null
            ? null
            : new ConnectRequest(request.ContentType, request.Headers.ContentEncoding.ToString() is { Length: > 0 } e ? e : null,
                request.Headers["Connect-Protocol-Version"].ToString() is { Length: > 0 } v ? v : null, body);
    }

    /// <summary>The /ingest view of <paramref name="request"/> (first value of each query parameter); null when too large.</summary>
    public static async Task<LegacyIngestRequest?> ReadIngestAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return null;
        }
        var query = request.Query.ToDictionary(p => p.Key, p => p.Value.Count > 0 ? p.Value[0] ?? "" : "", StringComparer.Ordinal);
        return new LegacyIngestRequest(query, request.ContentType, body);
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
        var request = await ReadConnectAsync(http.Request, maxBytes, http.RequestAborted).ConfigureAwait(false);
        var answer = request is null
            ? ConnectCodec.Error(StatusCode.ResourceExhausted, $"request body is larger than configured max {maxBytes}")
            : await ConnectCodec.HandleAsync(request, parser, handler, new ConnectLimits { MaxBytes = maxBytes }, http.RequestAborted).ConfigureAwait(false);
        await WriteAsync(http.Response, answer, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /push.v1.PusherService/Push</c>: parses, hands the batch to <paramref name="store"/>
    /// (which returns only once it is durable), answers an empty <c>PushResponse</c>.
    /// </summary>
    public static async Task PushAsync(HttpContext http, PushParser parser, IIngestTarget store)
    {
        var request = await ReadConnectAsync(http.Request, parser.Limits.MaxRequestBytes, http.RequestAborted).ConfigureAwait(false);
        ConnectResponse answer;
        if (request is null)
        {
            answer = ConnectCodec.Error(StatusCode.ResourceExhausted, $"request body is larger than configured max {parser.Limits.MaxRequestBytes}");
        }
        else if (!ConnectCodec.TryGetFormat(request.ContentType, out var format))
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
        var request = await ReadIngestAsync(http.Request, parser.Limits.MaxRequestBytes, http.RequestAborted).ConfigureAwait(false);
        if (request is null)
        {
            await WriteAsync(http.Response, ConnectErrors.ToIngestResponse(IngestException.TooLarge($"request body too large: limit {parser.Limits.MaxRequestBytes} bytes")), http.RequestAborted).ConfigureAwait(false);
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

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // The server-wide limit is set for resource routes; ingest has its own, checked below.
            limit.MaxRequestBodySize = null;
        }
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        // Content-Length is the client's claim: reserve at most 1 MiB up front and grow as bytes arrive,
        // so a client that announces a large body and sends nothing costs nothing.
        using var buffer = new MemoryStream((int)Math.Min(request.ContentLength ?? 0, 1 << 20));
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
