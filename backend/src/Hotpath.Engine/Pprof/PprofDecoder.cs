using System.Runtime.InteropServices;
using System.Text;
using Hotpath.Engine.Collections;
using Hotpath.Engine.Model;

namespace Hotpath.Engine.Pprof;

/// <summary>
/// Decodes an uncompressed <c>perftools.profiles.Profile</c> message into a <see cref="Profile"/>.
/// Hand-written over spans: repeated scalars are accepted packed and unpacked, unknown fields are
/// skipped, and a known field with the wrong wire type is an error. Semantic checks (string indices,
/// ids, references) are <see cref="ProfileValidator"/>'s job.
/// </summary>
internal sealed class PprofDecoder : IDisposable
{
    private readonly ArrayBuilder<string> _strings = new(256);
    private readonly ArrayBuilder<TypeAndUnit> _sampleTypes = new(4);
    private readonly ArrayBuilder<ulong> _locationIds;
    private readonly ArrayBuilder<int> _locationOffsets = new(1024);
    private readonly ArrayBuilder<long> _values;
    private readonly ArrayBuilder<int> _valueOffsets = new(1024);
    private readonly ArrayBuilder<Label> _labels = new(16);
    private readonly ArrayBuilder<int> _labelOffsets = new(1024);
    private readonly ArrayBuilder<Mapping> _mappings = new(4);
    private readonly ArrayBuilder<Location> _locations = new(1024);
    private readonly ArrayBuilder<Line> _lines = new(1024);
    private readonly ArrayBuilder<Function> _functions = new(1024);
    private readonly ArrayBuilder<long> _comments = new(4);

    // Where decoding is, for error messages only.
    private string _where = "Profile";
    private int _whereIndex = -1;

    private PprofDecoder(int messageLength)
    {
        // Sample location ids dominate real profiles; start near their likely count so the big
        // arrays grow once or never.
        _locationIds = new ArrayBuilder<ulong>(Math.Max(4096, messageLength / 3));
        _values = new ArrayBuilder<long>(Math.Max(1024, messageLength / 16));
    }

    public static Profile Decode(ReadOnlySpan<byte> message, string source)
    {
        using var decoder = new PprofDecoder(message.Length);
        try
        {
            return decoder.DecodeProfile(new WireReader(message));
        }
        catch (WireFormatException e)
        {
            var where = decoder._whereIndex >= 0 ? $"{decoder._where} #{decoder._whereIndex}" : decoder._where;
            throw new PprofFormatException(source, $"{e.Reason} (in {where}, at byte {e.Offset})");
        }
        catch (ProfileInvalidException e)
        {
            throw new PprofFormatException(source, e.Message);
        }
    }

    private Profile DecodeProfile(WireReader reader)
    {
        _locationOffsets.Add(0);
        _valueOffsets.Add(0);
        _labelOffsets.Add(0);
        long dropFrames = 0, keepFrames = 0, timeNanos = 0, durationNanos = 0, period = 0, defaultSampleType = 0, docUrl = 0;
        TypeAndUnit periodType = default;

        while (!reader.End)
        {
            var field = reader.ReadTag(out var wt);
            switch (field)
            {
                case 1:
                    Enter("Profile.sample_type", _sampleTypes.Count);
                    _sampleTypes.Add(DecodeValueType(Message(ref reader, wt, field)));
                    break;
                case 2:
                    Enter("Profile.sample", _locationOffsets.Count - 1);
                    DecodeSample(Message(ref reader, wt, field));
                    break;
                case 3:
                    Enter("Profile.mapping", _mappings.Count);
                    _mappings.Add(DecodeMapping(Message(ref reader, wt, field)));
                    break;
                case 4:
                    Enter("Profile.location", _locations.Count);
                    DecodeLocation(Message(ref reader, wt, field));
                    break;
                case 5:
                    Enter("Profile.function", _functions.Count);
                    _functions.Add(DecodeFunction(Message(ref reader, wt, field)));
                    break;
                case 6:
                    Enter("Profile.string_table", _strings.Count);
                    _strings.Add(DecodeString(Bytes(ref reader, wt, field)));
                    break;
                case 7: dropFrames = Int64(ref reader, wt, field); break;
                case 8: keepFrames = Int64(ref reader, wt, field); break;
                case 9: timeNanos = Int64(ref reader, wt, field); break;
                case 10: durationNanos = Int64(ref reader, wt, field); break;
                case 11:
                    Enter("Profile.period_type", -1);
                    periodType = DecodeValueType(Message(ref reader, wt, field));
                    break;
                case 12: period = Int64(ref reader, wt, field); break;
                case 13:
                    Enter("Profile.comment", -1);
                    RepeatedInt64(ref reader, wt, field, _comments);
                    break;
                case 14: defaultSampleType = Int64(ref reader, wt, field); break;
                case 15: docUrl = Int64(ref reader, wt, field); break;
                default: reader.Skip(wt, field); break;
            }
            Enter("Profile", -1);
        }

        return new Profile
        {
            Strings = _strings.ToArray(),
            SampleTypes = _sampleTypes.ToArray(),
            SampleLocationIds = _locationIds.ToArray(),
            SampleLocationOffsets = _locationOffsets.ToArray(),
            SampleValues = ValuesWithStride(_sampleTypes.Count),
            SampleLabels = _labels.ToArray(),
            SampleLabelOffsets = _labelOffsets.ToArray(),
            Mappings = _mappings.ToArray(),
            Locations = _locations.ToArray(),
            Lines = _lines.ToArray(),
            Functions = _functions.ToArray(),
            DropFrames = dropFrames,
            KeepFrames = keepFrames,
            TimeNanos = timeNanos,
            DurationNanos = durationNanos,
            PeriodType = periodType,
            Period = period,
            Comments = _comments.ToArray(),
            DefaultSampleType = defaultSampleType,
            DocUrl = docUrl,
        };
    }

    public void Dispose()
    {
        _strings.Dispose();
        _sampleTypes.Dispose();
        _locationIds.Dispose();
        _locationOffsets.Dispose();
        _values.Dispose();
        _valueOffsets.Dispose();
        _labels.Dispose();
        _labelOffsets.Dispose();
        _mappings.Dispose();
        _locations.Dispose();
        _lines.Dispose();
        _functions.Dispose();
        _comments.Dispose();
    }

    // Sample types may come after the samples in the file, so value counts are checked at the end.
    private long[] ValuesWithStride(int stride)
    {
        var offsets = _valueOffsets.AsSpan();
        for (var i = 1; i < offsets.Length; i++)
        {
            var count = offsets[i] - offsets[i - 1];
            if (count != stride)
            {
                throw new ProfileInvalidException($"sample #{i - 1} has {count} values but the profile has {stride} sample types");
            }
        }
        return _values.ToArray();
    }

    private void Enter(string where, int index)
    {
        _where = where;
        _whereIndex = index;
    }

    private void DecodeSample(WireReader reader)
    {
        while (!reader.End)
        {
            var field = reader.ReadTag(out var wt);
            switch (field)
            {
                case 1: RepeatedUInt64(ref reader, wt, field, _locationIds); break;
                case 2: RepeatedInt64(ref reader, wt, field, _values); break;
                case 3: _labels.Add(DecodeLabel(Message(ref reader, wt, field))); break;
                default: reader.Skip(wt, field); break;
            }
        }
        _locationOffsets.Add(_locationIds.Count);
        _valueOffsets.Add(_values.Count);
        _labelOffsets.Add(_labels.Count);
    }

    private static Label DecodeLabel(WireReader reader)
    {
        long key = 0, str = 0, num = 0, numUnit = 0;
        while (!reader.End)
        {
            var field = reader.ReadTag(out var wt);
            switch (field)
            {
                case 1: key = Int64(ref reader, wt, field); break;
                case 2: str = Int64(ref reader, wt, field); break;
                case 3: num = Int64(ref reader, wt, field); break;
                case 4: numUnit = Int64(ref reader, wt, field); break;
                default: reader.Skip(wt, field); break;
            }
        }
        return new Label(key, str, num, numUnit);
    }

    private static TypeAndUnit DecodeValueType(WireReader reader)
    {
        long type = 0, unit = 0;
        while (!reader.End)
        {
            var field = reader.ReadTag(out var wt);
            switch (field)
            {
                case 1: type = Int64(ref reader, wt, field); break;
                case 2: unit = Int64(ref reader, wt, field); break;
                default: reader.Skip(wt, field); break;
            }
        }
        return new TypeAndUnit(type, unit);
    }

    private static Mapping DecodeMapping(WireReader reader)
    {
        ulong id = 0, start = 0, limit = 0, offset = 0;
        long filename = 0, buildId = 0;
        bool hasFunctions = false, hasFilenames = false, hasLineNumbers = false, hasInlineFrames = false;
        while (!reader.End)
        {
            var field = reader.ReadTag(out var wt);
            switch (field)
            {
                case 1: id = UInt64(ref reader, wt, field); break;
                case 2: start = UInt64(ref reader, wt, field); break;
                case 3: limit = UInt64(ref reader, wt, field); break;
                case 4: offset = UInt64(ref reader, wt, field); break;
                case 5: filename = Int64(ref reader, wt, field); break;
                case 6: buildId = Int64(ref reader, wt, field); break;
                case 7: hasFunctions = UInt64(ref reader, wt, field) != 0; break;
                case 8: hasFilenames = UInt64(ref reader, wt, field) != 0; break;
                case 9: hasLineNumbers = UInt64(ref reader, wt, field) != 0; break;
                case 10: hasInlineFrames = UInt64(ref reader, wt, field) != 0; break;
                default: reader.Skip(wt, field); break;
            }
        }
        return new Mapping(id, start, limit, offset, filename, buildId, hasFunctions, hasFilenames, hasLineNumbers, hasInlineFrames);
    }

    private void DecodeLocation(WireReader reader)
    {
        ulong id = 0, mappingId = 0, address = 0;
        var isFolded = false;
        var firstLine = _lines.Count;
        while (!reader.End)
        {
            var field = reader.ReadTag(out var wt);
            switch (field)
            {
                case 1: id = UInt64(ref reader, wt, field); break;
                case 2: mappingId = UInt64(ref reader, wt, field); break;
                case 3: address = UInt64(ref reader, wt, field); break;
                case 4: _lines.Add(DecodeLine(Message(ref reader, wt, field))); break;
                case 5: isFolded = UInt64(ref reader, wt, field) != 0; break;
                default: reader.Skip(wt, field); break;
            }
        }
        _locations.Add(new Location(id, mappingId, address, firstLine, _lines.Count - firstLine, isFolded));
    }

    private static Line DecodeLine(WireReader reader)
    {
        ulong functionId = 0;
        long line = 0, column = 0;
        while (!reader.End)
        {
            var field = reader.ReadTag(out var wt);
            switch (field)
            {
                case 1: functionId = UInt64(ref reader, wt, field); break;
                case 2: line = Int64(ref reader, wt, field); break;
                case 3: column = Int64(ref reader, wt, field); break;
                default: reader.Skip(wt, field); break;
            }
        }
        return new Line(functionId, line, column);
    }

    private static Function DecodeFunction(WireReader reader)
    {
        ulong id = 0;
        long name = 0, systemName = 0, filename = 0, startLine = 0;
        while (!reader.End)
        {
            var field = reader.ReadTag(out var wt);
            switch (field)
            {
                case 1: id = UInt64(ref reader, wt, field); break;
                case 2: name = Int64(ref reader, wt, field); break;
                case 3: systemName = Int64(ref reader, wt, field); break;
                case 4: filename = Int64(ref reader, wt, field); break;
                case 5: startLine = Int64(ref reader, wt, field); break;
                default: reader.Skip(wt, field); break;
            }
        }
        return new Function(id, name, systemName, filename, startLine);
    }

    // Invalid UTF-8 becomes U+FFFD (the decoder's replacement rule), so any byte string is a name.
    private static string DecodeString(ReadOnlySpan<byte> bytes) => bytes.Length == 0 ? "" : Encoding.UTF8.GetString(bytes);

    private static WireReader Message(ref WireReader reader, WireType wt, int field)
    {
        if (wt != WireType.LengthDelimited)
        {
            throw new WireFormatException($"wrong wire type {(int)wt} for field {field}, expected 2 (length-delimited)", reader.Offset);
        }
        var payload = reader.ReadLengthDelimited(out var offset);
        return new WireReader(payload, offset);
    }

    private static ReadOnlySpan<byte> Bytes(ref WireReader reader, WireType wt, int field)
    {
        if (wt != WireType.LengthDelimited)
        {
            throw new WireFormatException($"wrong wire type {(int)wt} for field {field}, expected 2 (length-delimited)", reader.Offset);
        }
        return reader.ReadLengthDelimited(out _);
    }

    private static ulong UInt64(ref WireReader reader, WireType wt, int field)
    {
        if (wt != WireType.Varint)
        {
            throw new WireFormatException($"wrong wire type {(int)wt} for field {field}, expected 0 (varint)", reader.Offset);
        }
        return reader.ReadVarint();
    }

    private static long Int64(ref WireReader reader, WireType wt, int field) => (long)UInt64(ref reader, wt, field);

    private static void RepeatedUInt64(ref WireReader reader, WireType wt, int field, ArrayBuilder<ulong> into)
    {
        if (wt == WireType.Varint)
        {
            into.Add(reader.ReadVarint());
            return;
        }
        if (wt != WireType.LengthDelimited)
        {
            throw new WireFormatException($"wrong wire type {(int)wt} for repeated field {field}, expected 0 or 2", reader.Offset);
        }
        // A packed run of n bytes holds at most n varints: decode straight into the array.
        var payload = reader.ReadLengthDelimited(out var offset);
        into.Commit(PackedVarints.Decode(payload, into.Reserve(payload.Length), offset));
    }

    private static void RepeatedInt64(ref WireReader reader, WireType wt, int field, ArrayBuilder<long> into)
    {
        if (wt == WireType.Varint)
        {
            into.Add((long)reader.ReadVarint());
            return;
        }
        if (wt != WireType.LengthDelimited)
        {
            throw new WireFormatException($"wrong wire type {(int)wt} for repeated field {field}, expected 0 or 2", reader.Offset);
        }
        var payload = reader.ReadLengthDelimited(out var offset);
        into.Commit(PackedVarints.Decode(payload, MemoryMarshal.Cast<long, ulong>(into.Reserve(payload.Length)), offset));
    }
}
