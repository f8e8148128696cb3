using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Hotpath.Query.Routing;

/// <summary>
/// A route's answer. The body is complete in memory; transports send it in chunks
/// (CallResource messages or HTTP chunked transfer).
/// </summary>
public sealed record ResourceResponse(int Status, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body)
{
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string TextContentType = "text/plain; charset=utf-8";

    public static ResourceResponse Json<T>(T value, JsonTypeInfo<T> typeInfo, int status = 200) =>
        new(status, new Dictionary<string, string> { ["Content-Type"] = JsonContentType }, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));

    public static ResourceResponse Text(string text, int status = 200) =>
        new(status, new Dictionary<string, string> { ["Content-Type"] = TextContentType }, Encoding.UTF8.GetBytes(text));

    public static ResourceResponse Error(ResourceError error)
    {
        var headers = new Dictionary<string, string> { ["Content-Type"] = JsonContentType };
        if (error.Allow is { } allow)
        {
            headers["Allow"] = allow;
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorBody(error.Message, error.Kind.Wire()), QueryJson.Wire.ErrorBody);
        return new ResourceResponse(error.Kind.Status(), headers, body);
    }
}

/// <summary>The JSON every failed route answers: <c>{"message": "...", "kind": "bad_request"}</c>.</summary>
public sealed record ErrorBody(string Message, string Kind);
