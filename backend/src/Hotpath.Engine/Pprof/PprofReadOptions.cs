namespace Hotpath.Engine.Pprof;

/// <summary>Limits applied while reading untrusted profiles.</summary>
public sealed record PprofReadOptions
{
    public const long DefaultMaxDecompressedBytes = 64L * 1024 * 1024;

    public static PprofReadOptions Default { get; } = new();

    /// <summary>
    /// Largest uncompressed message accepted, gzip or not. A gzip stream that inflates past this is
    /// refused as soon as it does, so a decompression bomb costs at most this much memory.
    /// </summary>
    public long MaxDecompressedBytes { get; init; } = DefaultMaxDecompressedBytes;
}
