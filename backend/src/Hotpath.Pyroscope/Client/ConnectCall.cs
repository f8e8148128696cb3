using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Hotpath.Engine.Errors;

namespace Hotpath.Pyroscope.Client;

/// <summary>
/// One attempt of a Connect unary call with binary protobuf (<c>application/proto</c>, no envelope):
/// sends, bounds the wait by the endpoint's timeout, and turns every failure into a classified
/// <see cref="PyroscopeException"/>. Retries and the circuit breaker sit above this.
/// </summary>
internal sealed class ConnectCall(HttpClient http, PyroscopeEndpoint endpoint, TimeProvider time, long maxResponseBytes)
{
    private const string Service = "querier.v1.QuerierService/";
    private const string ProtoContentType = "application/proto";

    public string Source { get; } = PyroscopeEndpoint.Redact(endpoint.BaseUrl);

    public async Task<TResponse> SendAsync<TResponse>(string rpc, IMessage request, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        using var attemptTimer = new CancellationTokenSource(endpoint.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimer.Token);
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint.Resolve(Service + rpc))
        {
            Content = new ByteArrayContent(request.ToByteArray()),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(ProtoContentType);
        message.Headers.TryAddWithoutValidation("Connect-Protocol-Version", "1");
        // Without this capability Pyroscope leaves UTF-8 label names (service.name) out of LabelNames and Series.
        message.Headers.TryAddWithoutValidation("Accept", ProtoContentType + "; allow-utf8-labelnames=true");
        endpoint.Authorize(message);
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var body = await ReadBoundedAsync(rpc, response.Content, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Refused(rpc, response, body);
            }
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (!string.Equals(mediaType, ProtoContentType, StringComparison.OrdinalIgnoreCase))
            {
                throw Fail(ErrorKind.Downstream, rpc, $"answered {(int)response.StatusCode} with content type '{mediaType ?? "none"}' instead of {ProtoContentType}: {Snippet(body)}");
            }
            try
            {
                return parser.ParseFrom(body);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw Fail(ErrorKind.Downstream, rpc, $"answered {body.Length} bytes that are not a valid {typeof(TResponse).Name} ({e.Message})");
            }
        }
        catch (OperationCanceledException) when (attemptTimer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Fail(ErrorKind.DownstreamTimeout, rpc, $"no answer within {endpoint.Timeout.TotalSeconds:0.###} s", transient: true);
        }
        catch (HttpRequestException e)
        {
            // The socket error names what happened without echoing the request (no headers, no credentials).
            var reason = e.InnerException is SocketException socket ? socket.SocketErrorCode.ToString() : e.HttpRequestError.ToString();
            throw Fail(ErrorKind.Downstream, rpc, $"unreachable ({reason})", transient: true);
        }
    }

    private PyroscopeException Refused(string rpc, HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        var (code, detail) = ConnectError(body);
        var retryAfter = RetryAfter(response.Headers.RetryAfter);
        var transient = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
        var kind = status is >= 400 and < 500 && status != 429 ? ErrorKind.BadRequest : ErrorKind.Downstream;
        var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " (check the tenant and credentials)" : "";
        var text = $"answered {status} {response.ReasonPhrase}{(code is null ? "" : " " + code)}{hint}: {detail}";
        return new PyroscopeException(kind, rpc, Source, Scrub(text), status, code) { Transient = transient, RetryAfter = retryAfter };
    }

    private PyroscopeException Fail(ErrorKind kind, string rpc, string detail, bool transient = false) =>
        new(kind, rpc, Source, Scrub(detail)) { Transient = transient };

    /// <summary>A Connect error body is <c>{"code":"…","message":"…"}</c>; anything else is shown as a snippet.</summary>
    private static (string? Code, string Detail) ConnectError(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                var code = json.RootElement.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                var message = json.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                if (code is not null || message is not null)
                {
                    return (code, message ?? "");
                }
            }
        }
        catch (JsonException)
        {
        }
        return (null, Snippet(body));
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private async Task<byte[]> ReadBoundedAsync(string rpc, HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxResponseBytes)
        {
            throw Fail(ErrorKind.Downstream, rpc, $"answer of {content.Headers.ContentLength} bytes is over the limit of {maxResponseBytes}");
        }
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxResponseBytes)
            {
                throw Fail(ErrorKind.Downstream, rpc, $"answer is over the limit of {maxResponseBytes} bytes");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Server text can echo anything; the endpoint's own secrets are blanked before it reaches a message.</summary>
    private string Scrub(string text)
    {
        // The encoded basic credentials too: a proxy may echo the Authorization header back.
        var basic = endpoint.BasicAuthUser is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{endpoint.BasicAuthUser}:{endpoint.BasicAuthPassword}"));
        foreach (var secret in (string?[])[basic, endpoint.BasicAuthPassword, endpoint.BearerToken])
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }
        return text;
    }

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 400));
        var flat = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return flat.Length <= 200 ? flat : flat[..200] + "…";
    }
}
