namespace Hotpath.Plugin.Frames.Arrow;

/// <summary>Constants of the Arrow columnar format (format/Schema.fbs, Message.fbs, File.fbs), metadata version V5.</summary>
internal static class ArrowFormat
{
    public const short MetadataVersionV5 = 4;

    public const byte MessageHeaderSchema = 1;
    public const byte MessageHeaderRecordBatch = 3;

    public const byte TypeInt = 2;
    public const byte TypeFloatingPoint = 3;
    public const byte TypeUtf8 = 5;
    public const byte TypeBool = 6;
    public const byte TypeTimestamp = 10;

    public const short PrecisionDouble = 2;
    public const short TimeUnitNanosecond = 3;

    /// <summary>"ARROW1" padded to 8 bytes opens the file; the bare 6 bytes close it.</summary>
    public static ReadOnlySpan<byte> Magic => "ARROW1"u8;

    /// <summary>Every buffer and message starts on an 8-byte boundary.</summary>
    public const int Alignment = 8;

    public static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);

    public static long Align(long length) => (length + Alignment - 1) & ~(long)(Alignment - 1);
}
