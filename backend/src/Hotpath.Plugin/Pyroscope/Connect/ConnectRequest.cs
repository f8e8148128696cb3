namespace Hotpath.Plugin.Pyroscope.Connect;

/// <summary>
/// A Connect unary request as the HTTP layer received it: the headers that matter to the protocol and
/// the whole body (still compressed if <see cref="ContentEncoding"/> says so).
/// </summary>
public sealed record ConnectRequest(string? ContentType, string? ContentEncoding, string? ProtocolVersion, ReadOnlyMemory<byte> Body);

/// <summary>The two Connect codecs Pyroscope serves: binary protobuf and protobuf JSON.</summary>
public enum ConnectFormat
{
    Proto,
    Json,
}

/// <summary>Size limits on a Connect request body.</summary>
public sealed record ConnectLimits
{
    /// <summary>Pyroscope's default ingestion body limit (<c>distributor.ingestion-body-limit-mb</c>, 256 MB).</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    public static ConnectLimits Default { get; } = new();

    /// <summary>Largest body accepted, before and after gzip decompression.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;
}
