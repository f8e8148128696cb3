using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Hotpath.Engine.Pprof;

namespace Hotpath.Plugin.Pyroscope.Connect;

/// <summary>
/// The Connect protocol for unary calls (https://connectrpc.com/docs/protocol): request decoding in
/// the request's codec, responses in the same codec, errors as the JSON error body with the HTTP
/// status of the code. Transport-free: the HTTP layer passes headers and body in and writes the
/// <see cref="ConnectResponse"/> out.
/// </summary>
/// <remarks>
/// JSON uses Google.Protobuf's JsonParser/JsonFormatter: lowerCamelCase names on output, both names on
/// input, 64-bit integers as strings out and strings or numbers in, enums by name, unknown fields
/// ignored (as connect-go's <c>DiscardUnknown</c>). They rely on reflection over the generated
/// messages, which Google.Protobuf annotates for the trimmer; a trimmed publish keeps them working.
/// </remarks>
public static class ConnectCodec
{
    public const string ProtoContentType = "application/proto";
    public const string JsonContentType = "application/json";

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>The codec named by a Content-Type header (parameters such as charset are ignored).</summary>
    public static bool TryGetFormat(string? contentType, out ConnectFormat format)
    {
        var media = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        switch (media)
        {
            case ProtoContentType:
                format = ConnectFormat.Proto;
                return true;
            case JsonContentType:
                format = ConnectFormat.Json;
                return true;
            default:
                format = default;
                return false;
        }
    }

    /// <summary>
    /// Runs one unary call: negotiates the codec, decodes the request, calls <paramref name="handler"/>
    /// and encodes its answer; a refusal from any step (<see cref="ConnectErrors.From(Exception)"/>)
    /// becomes a Connect error response. Other exceptions propagate (the host logs them and answers 500).
    /// </summary>
    public static async Task<ConnectResponse> HandleAsync<TRequest>(
        ConnectRequest request,
        MessageParser<TRequest> parser,
        Func<TRequest, CancellationToken, Task<IMessage>> handler,
        ConnectLimits? limits,
        CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
    {
        if (!TryGetFormat(request.ContentType, out var format))
        {
            return UnsupportedMediaType(request.ContentType);
        }
        try
        {
            var message = Decode(request, format, parser, limits ?? ConnectLimits.Default);
            var answer = await handler(message, cancellationToken).ConfigureAwait(false);
            return Encode(answer, format);
        }
        catch (Exception e) when (ConnectErrors.From(e) is { } refusal)
        {
            return Error(refusal);
        }
    }

    /// <summary>Decodes the body of <paramref name="request"/> as <typeparamref name="TRequest"/>.</summary>
    /// <exception cref="ConnectException">Bad protocol version, unknown compression, corrupt or oversized body, or a body that does not decode.</exception>
    public static TRequest Decode<TRequest>(ConnectRequest request, ConnectFormat format, MessageParser<TRequest> parser, ConnectLimits limits)
        where TRequest : IMessage<TRequest>
    {
        if (request.ProtocolVersion is { } version && version != "1")
        {
            throw ConnectException.InvalidArgument($"connect-protocol-version must be \"1\": got \"{version}\"");
        }
        var body = Decompress(request.Body, request.ContentEncoding, limits.MaxBytes);
        var typeName = parser.ParseFrom(ByteString.Empty).Descriptor.FullName;
        if (format == ConnectFormat.Proto)
        {
            try
            {
                return parser.ParseFrom(body.Span);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw ConnectException.InvalidArgument($"unmarshal into {typeName}: {e.Message}");
            }
        }
        if (body.IsEmpty)
        {
            throw ConnectException.InvalidArgument($"unmarshal into {typeName}: zero-length payload is not a valid JSON object");
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Span);
        }
        catch (DecoderFallbackException)
        {
            throw ConnectException.InvalidArgument($"unmarshal into {typeName}: body is not valid UTF-8");
        }
        try
        {
            return Parser.Parse(text, parser.ParseFrom(ByteString.Empty).Descriptor) is TRequest typed
                ? typed
                : throw ConnectException.InvalidArgument($"unmarshal into {typeName}: unexpected message type");
        }
        catch (InvalidJsonException e)
        {
            throw ConnectException.InvalidArgument($"unmarshal into {typeName}: {e.Message}");
        }
        catch (InvalidProtocolBufferException e)
        {
            throw ConnectException.InvalidArgument($"unmarshal into {typeName}: {e.Message}");
        }
        catch (FormatException e)
        {
            throw ConnectException.InvalidArgument($"unmarshal into {typeName}: {e.Message}");
        }
    }

    /// <summary>A 200 response carrying <paramref name="message"/> in <paramref name="format"/>.</summary>
    public static ConnectResponse Encode(IMessage message, ConnectFormat format) => format == ConnectFormat.Proto
        ? new ConnectResponse(200, ProtoContentType, message.ToByteArray())
        : new ConnectResponse(200, JsonContentType, Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(message)));

    /// <summary>
    /// The Connect error response: HTTP status from the code and <c>{"code":"…","message":"…"}</c> as
    /// <c>application/json</c>, whatever codec the request used.
    /// </summary>
    public static ConnectResponse Error(ConnectException error) =>
        error.HttpStatus is { } status ? Error(error.Code, error.Message) with { Status = status } : Error(error.Code, error.Message);

    public static ConnectResponse Error(StatusCode code, string message)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps quotes and apostrophes in messages readable; the body is JSON, never HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("code", code.WireName());
            json.WriteString("message", message);
            json.WriteEndObject();
        }
        return new ConnectResponse(code.HttpStatus(), JsonContentType, buffer.ToArray());
    }

    /// <summary>HTTP 415 with the codecs this server speaks in Accept-Post, as the Connect spec asks.</summary>
    public static ConnectResponse UnsupportedMediaType(string? contentType) =>
        Error(StatusCode.Unknown, $"unsupported content type \"{contentType}\": use {ProtoContentType} or {JsonContentType}") with
        {
            Status = 415,
            Headers = [new("Accept-Post", $"{ProtoContentType}, {JsonContentType}")],
        };

    private static ReadOnlyMemory<byte> Decompress(ReadOnlyMemory<byte> body, string? contentEncoding, long maxBytes)
    {
        if (body.Length > maxBytes)
        {
            throw ConnectException.TooLarge(maxBytes);
        }
        var encoding = (contentEncoding ?? "").Trim().ToLowerInvariant();
        if (encoding is "" or "identity")
        {
            return body;
        }
        if (encoding != "gzip")
        {
            throw new ConnectException(StatusCode.Unimplemented, $"unknown compression \"{contentEncoding}\": supported encodings are gzip");
        }
        try
        {
            return Decompression.InflateGzip(body, maxBytes);
        }
        catch (DecompressedTooLargeException)
        {
            throw ConnectException.TooLarge(maxBytes);
        }
        catch (InvalidDataException e)
        {
            throw ConnectException.InvalidArgument($"decompress gzip request body: {e.Message}");
        }
    }
}
