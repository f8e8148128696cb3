using Hotpath.Engine.Pprof;

namespace Hotpath.Engine.Tests.Support;

/// <summary>Builds small pprof messages field by field, so tests can state exactly what is wrong.</summary>
public sealed class ProtoBytes
{
    private readonly WireWriter _w = new();

    public ProtoBytes Varint(int field, ulong value)
    {
        _w.Tag(field, WireType.Varint);
        _w.Varint(value);
        return this;
    }

    public ProtoBytes Message(int field, ProtoBytes message)
    {
        _w.BytesField(field, message.ToArray());
        return this;
    }

    public ProtoBytes String(int field, string value)
    {
        _w.StringField(field, value);
        return this;
    }

    public ProtoBytes Packed(int field, params ulong[] values)
    {
        _w.PackedField(field, values, new WireWriter());
        return this;
    }

    public ProtoBytes Raw(params byte[] bytes)
    {
        _w.Raw(bytes);
        return this;
    }

    public byte[] ToArray() => _w.ToArray();

    /// <summary>
    /// A valid profile: strings ["", "cpu", "nanoseconds", "main", "work"]; sample type cpu/nanoseconds;
    /// functions 1 main, 2 work; location 1 = work inlined into main at 0x1000; one sample [1] = 5.
    /// Pieces can be swapped to make one fault at a time.
    /// </summary>
    public static ProtoBytes Profile(
        ProtoBytes? sample = null,
        ProtoBytes? location = null,
        ProtoBytes? function = null,
        Action<ProtoBytes>? extra = null)
    {
        var p = new ProtoBytes()
            .Message(1, new ProtoBytes().Varint(1, 1).Varint(2, 2))
            .Message(2, sample ?? new ProtoBytes().Packed(1, 1).Packed(2, 5))
            .Message(4, location ?? new ProtoBytes().Varint(1, 1).Varint(3, 0x1000)
                .Message(4, new ProtoBytes().Varint(1, 2).Varint(2, 10))
                .Message(4, new ProtoBytes().Varint(1, 1).Varint(2, 20)))
            .Message(5, function ?? new ProtoBytes().Varint(1, 1).Varint(2, 3))
            .Message(5, new ProtoBytes().Varint(1, 2).Varint(2, 4));
        foreach (var s in (string[])["", "cpu", "nanoseconds", "main", "work"])
        {
            p.String(6, s);
        }
        extra?.Invoke(p);
        return p;
    }
}
