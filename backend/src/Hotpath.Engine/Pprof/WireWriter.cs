using System.Text;

namespace Hotpath.Engine.Pprof;

/// <summary>Appends protobuf wire format to a growable buffer.</summary>
internal sealed class WireWriter
{
    private byte[] _buffer;

    public WireWriter(int capacity = 4096) => _buffer = new byte[Math.Max(capacity, 16)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Varint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[Length++] = (byte)value;
    }

    /// <summary>Appends bytes as they are (no tag, no length).</summary>
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Tag(int field, WireType type) => Varint(((ulong)field << 3) | (uint)type);

    /// <summary>A varint field, left out when zero (proto3 default).</summary>
    public void UInt64Field(int field, ulong value)
    {
        if (value != 0)
        {
            Tag(field, WireType.Varint);
            Varint(value);
        }
    }

    public void Int64Field(int field, long value) => UInt64Field(field, (ulong)value);

    public void BoolField(int field, bool value) => UInt64Field(field, value ? 1UL : 0UL);

    public void BytesField(int field, ReadOnlySpan<byte> bytes)
    {
        Tag(field, WireType.LengthDelimited);
        Varint((ulong)bytes.Length);
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void StringField(int field, string value)
    {
        Tag(field, WireType.LengthDelimited);
        var count = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)count);
        Ensure(count);
        Length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(Length));
    }

    /// <summary>A packed repeated varint field, left out when empty.</summary>
    public void PackedField(int field, ReadOnlySpan<ulong> values, WireWriter scratch)
    {
        if (values.IsEmpty)
        {
            return;
        }
        scratch.Clear();
        foreach (var v in values)
        {
            scratch.Varint(v);
        }
        BytesField(field, scratch.Written);
    }

    public void PackedField(int field, ReadOnlySpan<long> values, WireWriter scratch) =>
        PackedField(field, System.Runtime.InteropServices.MemoryMarshal.Cast<long, ulong>(values), scratch);

    public byte[] ToArray() => Written.ToArray();

    private void Ensure(int more)
    {
        if (Length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(Length + more, _buffer.Length * 2));
        }
    }
}
