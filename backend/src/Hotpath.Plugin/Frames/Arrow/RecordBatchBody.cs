using System.Runtime.InteropServices;
using System.Text;

namespace Hotpath.Plugin.Frames.Arrow;

/// <summary>
/// Lays out a frame's columns as one Arrow record batch body: per field a FieldNode (length, null count)
/// and its buffers in the order the format prescribes — validity then values for fixed-width types;
/// validity, int32 offsets, UTF-8 bytes for Utf8. Each buffer starts on an 8-byte boundary.
/// A validity buffer is written only when the field has nulls (length 0 otherwise, which the format allows).
/// Values are copied as little-endian memory, Arrow's byte order on every platform .NET targets here.
/// </summary>
internal sealed class RecordBatchBody
{
    private readonly MemoryStream _body = new();

    public List<(long Length, long NullCount)> Nodes { get; } = [];

    public List<(long Offset, long Length)> Buffers { get; } = [];

    public long RowCount { get; }

    public RecordBatchBody(DataFrame frame)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Arrow frames are written little-endian only.");
        RowCount = frame.RowCount;
        foreach (Field field in frame.Fields) AddField(field);
    }

    public long Length => _body.Length;

    public void CopyTo(Stream destination)
    {
        _body.Position = 0;
        _body.CopyTo(destination);
    }

    private void AddField(Field field)
    {
        int nulls = field.NullCount;
        Nodes.Add((field.Length, nulls));
        AddValidity(field, nulls);
        switch (field.Kind)
        {
            case FieldKind.Int64:
            case FieldKind.Time:
                AddBuffer(MemoryMarshal.AsBytes(((long[])field.Values).AsSpan()));
                break;
            case FieldKind.Float64:
                AddBuffer(MemoryMarshal.AsBytes(((double[])field.Values).AsSpan()));
                break;
            case FieldKind.Enum:
                AddBuffer(MemoryMarshal.AsBytes(((ushort[])field.Values).AsSpan()));
                break;
            case FieldKind.Bool:
                AddBuffer(PackBits((bool[])field.Values));
                break;
            case FieldKind.String:
                AddStrings(field.Name, (string?[])field.Values);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(field), field.Kind, $"field '{field.Name}': no Arrow layout for this kind");
        }
    }

    private void AddValidity(Field field, int nulls)
    {
        if (nulls == 0)
        {
            AddBuffer([]);
            return;
        }
        var present = new bool[field.Length];
        for (int i = 0; i < present.Length; i++) present[i] = !field.IsNull(i);
        AddBuffer(PackBits(present));
    }

    private void AddStrings(string fieldName, string?[] values)
    {
        var offsets = new int[values.Length + 1];
        var bytes = new MemoryStream();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is { } s)
            {
                byte[] utf8 = Encoding.UTF8.GetBytes(s);
                bytes.Write(utf8);
            }
            if (bytes.Length > int.MaxValue)
                throw new InvalidOperationException($"field '{fieldName}': more than 2 GiB of text does not fit Arrow Utf8 (Grafana rejects LargeUtf8)");
            offsets[i + 1] = (int)bytes.Length;
        }
        AddBuffer(MemoryMarshal.AsBytes(offsets.AsSpan()));
        AddBuffer(bytes.GetBuffer().AsSpan(0, (int)bytes.Length));
    }

    /// <summary>Arrow bitmaps: bit i of byte i/8, least significant bit first; 1 = set.</summary>
    private static byte[] PackBits(bool[] values)
    {
        var bits = new byte[(values.Length + 7) / 8];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i]) bits[i >> 3] |= (byte)(1 << (i & 7));
        }
        return bits;
    }

    private void AddBuffer(ReadOnlySpan<byte> data)
    {
        long offset = _body.Length;
        _body.Write(data);
        long padded = ArrowFormat.Align(_body.Length);
        while (_body.Length < padded) _body.WriteByte(0);
        Buffers.Add((offset, data.Length));
    }
}
