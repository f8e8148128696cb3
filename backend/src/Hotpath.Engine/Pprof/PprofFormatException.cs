namespace Hotpath.Engine.Pprof;

/// <summary>
/// A profile that cannot be read. <see cref="Exception.Message"/> is one line: the source name the
/// caller gave, then what is wrong (and where, for wire-level faults).
/// </summary>
public sealed class PprofFormatException : Exception
{
    public PprofFormatException(string source, string reason)
        : base($"{source}: {reason}")
    {
        Source = source;
        Reason = reason;
    }

    /// <summary>The name the caller gave the input (usually a file path).</summary>
    public new string Source { get; }

    /// <summary>What is wrong, without the source name.</summary>
    public string Reason { get; }
}

/// <summary>A fault in the protobuf wire encoding, at a byte offset of the (decompressed) message.</summary>
internal sealed class WireFormatException(string reason, int offset) : Exception(reason)
{
    public string Reason { get; } = reason;
    public int Offset { get; } = offset;
}
