using System.Buffers.Binary;
using System.Text;

namespace Hotpath.Plugin.Frames.Arrow;

/// <summary>
/// A minimal FlatBuffers builder for the Arrow metadata tables. FlatBuffers are built back to front:
/// children first, so that a parent's unsigned offsets always point forward to data already written.
/// An <see cref="int"/> "offset" returned by this builder is the distance from the END of the buffer,
/// which stays valid while the buffer grows at the front.
/// Contract: every table is closed before the next one is opened; no vtable deduplication (the output
/// is a few hundred bytes per frame, and readers do not care).
/// </summary>
internal sealed class FlatBufferBuilder
{
    private byte[] _buffer = new byte[256];
    private int _space = 256;
    private int _minAlign = 1;

    private int[] _slots = [];
    private int _slotCount;
    private int _tableStart = -1;

    private int _vectorCount;

    /// <summary>Bytes written so far, counted from the end of the buffer.</summary>
    public int Offset => _buffer.Length - _space;

    /// <summary>
    /// Pads so that after writing <paramref name="additionalBytes"/> more bytes the write position is
    /// aligned to <paramref name="size"/> (a power of two), growing the buffer if needed.
    /// </summary>
    public void Prep(int size, int additionalBytes)
    {
        if (size > _minAlign) _minAlign = size;
        int alignSize = (~(Offset + additionalBytes) + 1) & (size - 1);
        while (_space < alignSize + size + additionalBytes) Grow();
        Pad(alignSize);
    }

    public void Pad(int bytes)
    {
        for (int i = 0; i < bytes; i++) _buffer[--_space] = 0;
    }

    private void Grow()
    {
        int oldLength = _buffer.Length;
        var bigger = new byte[oldLength * 2];
        Buffer.BlockCopy(_buffer, 0, bigger, oldLength, oldLength);
        _space += oldLength;
        _buffer = bigger;
    }

    // Raw puts: the caller has already called Prep for alignment and space.
    public void PutByte(byte value) => _buffer[--_space] = value;
    public void PutShort(short value) { _space -= 2; BinaryPrimitives.WriteInt16LittleEndian(_buffer.AsSpan(_space), value); }
    public void PutInt(int value) { _space -= 4; BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_space), value); }
    public void PutLong(long value) { _space -= 8; BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_space), value); }

    public void AddByte(byte value) { Prep(1, 0); PutByte(value); }
    public void AddShort(short value) { Prep(2, 0); PutShort(value); }
    public void AddInt(int value) { Prep(4, 0); PutInt(value); }
    public void AddLong(long value) { Prep(8, 0); PutLong(value); }

    /// <summary>Writes a uoffset pointing at <paramref name="target"/> (an earlier returned offset).</summary>
    public void AddOffset(int target)
    {
        Prep(4, 0);
        if (target > Offset) throw new InvalidOperationException("FlatBuffers offsets must point to data written before them.");
        PutInt(Offset - target + 4);
    }

    public int CreateString(string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        Prep(4, utf8.Length + 1);
        PutByte(0);
        _space -= utf8.Length;
        utf8.CopyTo(_buffer, _space);
        PutInt(utf8.Length);
        return Offset;
    }

    /// <summary>A vector of offsets to tables or strings, in the given order.</summary>
    public int CreateOffsetVector(IReadOnlyList<int> targets)
    {
        StartVector(4, targets.Count, 4);
        for (int i = targets.Count - 1; i >= 0; i--) AddOffset(targets[i]);
        return EndVector();
    }

    /// <summary>
    /// Starts a vector; elements must then be put in REVERSE order, each exactly
    /// <paramref name="elementSize"/> bytes, then <see cref="EndVector"/>.
    /// </summary>
    public void StartVector(int elementSize, int count, int alignment)
    {
        if (_tableStart >= 0) throw new InvalidOperationException("A vector cannot be built inside an open table.");
        _vectorCount = count;
        Prep(4, elementSize * count);
        Prep(alignment, elementSize * count);
    }

    public int EndVector()
    {
        PutInt(_vectorCount);
        return Offset;
    }

    public void StartTable(int fieldCount)
    {
        if (_tableStart >= 0) throw new InvalidOperationException("Tables cannot be nested while being built.");
        if (_slots.Length < fieldCount) _slots = new int[fieldCount];
        Array.Clear(_slots, 0, fieldCount);
        _slotCount = fieldCount;
        _tableStart = Offset;
    }

    private void Slot(int field) => _slots[field] = Offset;

    public void AddFieldByte(int field, byte value) { AddByte(value); Slot(field); }
    public void AddFieldBool(int field, bool value) { AddByte(value ? (byte)1 : (byte)0); Slot(field); }
    public void AddFieldShort(int field, short value) { AddShort(value); Slot(field); }
    public void AddFieldInt(int field, int value) { AddInt(value); Slot(field); }
    public void AddFieldLong(int field, long value) { AddLong(value); Slot(field); }
    public void AddFieldOffset(int field, int target) { AddOffset(target); Slot(field); }

    public int EndTable()
    {
        if (_tableStart < 0) throw new InvalidOperationException("No table is open.");
        AddInt(0); // placeholder for the soffset to the vtable
        int objectOffset = Offset;

        // vtable: [vtable size][object size][field offsets...], all uint16, written back to front.
        int trimmed = _slotCount;
        while (trimmed > 0 && _slots[trimmed - 1] == 0) trimmed--;
        for (int i = trimmed - 1; i >= 0; i--)
            AddShort((short)(_slots[i] != 0 ? objectOffset - _slots[i] : 0));
        AddShort((short)(objectOffset - _tableStart));
        AddShort((short)((trimmed + 2) * 2));
        int vtableOffset = Offset;

        // The table's first word is the signed distance from the table back to its vtable.
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_buffer.Length - objectOffset), vtableOffset - objectOffset);
        _tableStart = -1;
        return objectOffset;
    }

    /// <summary>Writes the root offset and returns the finished buffer (length a multiple of the largest alignment used).</summary>
    public byte[] Finish(int root)
    {
        Prep(_minAlign, 4);
        AddOffset(root);
        return _buffer.AsSpan(_space).ToArray();
    }
}
