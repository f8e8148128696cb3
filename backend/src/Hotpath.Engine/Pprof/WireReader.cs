using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hotpath.Engine.Pprof;

/// <summary>
/// Reads protobuf wire format from a span. Every read is bounds-checked and every fault throws a
/// <see cref="WireFormatException"/> with the absolute byte offset, so corrupt input can never read
/// past its message or loop forever (each call consumes at least one byte or throws).
/// </summary>
internal ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _base;
    private int _position;

    /// <param name="buffer">The message bytes.</param>
    /// <param name="baseOffset">Offset of <paramref name="buffer"/> in the whole input, for error messages.</param>
    public WireReader(ReadOnlySpan<byte> buffer, int baseOffset = 0)
    {
        _buffer = buffer;
        _base = baseOffset;
        _position = 0;
    }

    public readonly bool End => _position >= _buffer.Length;

    /// <summary>Absolute offset of the next byte.</summary>
    public readonly int Offset => _base + _position;

    /// <summary>Reads a field tag; returns the field number and wire type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadTag(out WireType wireType)
    {
        var start = Offset;
        var tag = ReadVarint();
        var field = tag >> 3;
        wireType = (WireType)(tag & 7);
        if (field == 0 || field > int.MaxValue)
        {
            throw new WireFormatException($"invalid field number {field}", start);
        }
        return (int)field;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint()
    {
        var span = _buffer;
        var pos = _position;
        if ((uint)pos < (uint)span.Length)
        {
            ulong b = span[pos];
            if (b < 0x80)
            {
                _position = pos + 1;
                return b;
            }
        }
        return ReadVarintMultiByte();
    }

    // Ids, values and lengths of real profiles are mostly 2-4 byte varints. With ten bytes left no
    // read can run past the end, so the unrolled path needs no bounds checks.
    private ulong ReadVarintMultiByte()
    {
        var pos = _position;
        if (_buffer.Length - pos < 10)
        {
            return ReadVarintSlow();
        }
        ref var start = ref Unsafe.Add(ref MemoryMarshal.GetReference(_buffer), pos);
        ulong result = (ulong)start & 0x7F;
        for (var i = 1; i < 9; i++)
        {
            ulong b = Unsafe.Add(ref start, i);
            result |= (b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                _position = pos + i + 1;
                return result;
            }
        }
        ulong last = Unsafe.Add(ref start, 9);
        if (last > 1)
        {
            throw new WireFormatException("varint overflow: more than 64 bits", _base + pos);
        }
        _position = pos + 10;
        return result | (last << 63);
    }

    private ulong ReadVarintSlow()
    {
        ulong result = 0;
        var shift = 0;
        var pos = _position;
        while (true)
        {
            if (pos >= _buffer.Length)
            {
                throw new WireFormatException("truncated message: varint runs past the end", _base + _position);
            }
            ulong b = _buffer[pos++];
            if (shift == 63 && b > 1)
            {
                throw new WireFormatException("varint overflow: more than 64 bits", _base + _position);
            }
            result |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                _position = pos;
                return result;
            }
            shift += 7;
            if (shift > 63)
            {
                throw new WireFormatException("varint overflow: longer than 10 bytes", _base + _position);
            }
        }
    }

    /// <summary>Reads a length-delimited payload; <paramref name="offset"/> is its absolute start.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited(out int offset)
    {
        var start = Offset;
        var length = ReadVarint();
        if (length > (ulong)(_buffer.Length - _position))
        {
            throw new WireFormatException($"truncated message: length {length} runs past the end ({_buffer.Length - _position} bytes left)", start);
        }
        offset = Offset;
        var slice = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Skips a field of an unknown number (proto3 readers ignore fields they do not know).</summary>
    public void Skip(WireType wireType, int field)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Advance(8);
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited(out _);
                break;
            case WireType.Fixed32:
                Advance(4);
                break;
            default:
                throw new WireFormatException($"wrong wire type {(int)wireType} for field {field} (groups and wire types 6-7 are not valid here)", Offset);
        }
    }

    private void Advance(int count)
    {
        if (_buffer.Length - _position < count)
        {
            throw new WireFormatException($"truncated message: {count}-byte field runs past the end", Offset);
        }
        _position += count;
    }
}
