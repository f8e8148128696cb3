using System.IO.Compression;
using Hotpath.Engine.Model;

namespace Hotpath.Engine.Pprof;

/// <summary>
/// Encodes a <see cref="Profile"/> as <c>perftools.profiles.Profile</c>: every field, repeated
/// scalars packed, zero scalars left out (proto3). <see cref="Write"/> gzips, as pprof files are.
/// </summary>
public static class PprofWriter
{
    /// <summary>The gzip-compressed profile.</summary>
    public static byte[] Write(Profile profile, CompressionLevel level = CompressionLevel.Fastest)
    {
        var raw = Encode(profile);
        using var output = new MemoryStream(raw.Length / 4 + 64);
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
        {
            gzip.Write(raw);
        }
        return output.ToArray();
    }

    /// <summary>The uncompressed protobuf message.</summary>
    public static byte[] Encode(Profile p)
    {
        var w = new WireWriter(64 * 1024);
        var message = new WireWriter(256);
        var scratch = new WireWriter(256);

        foreach (var type in p.SampleTypes)
        {
            w.BytesField(1, ValueType(message, type));
        }
        for (var s = 0; s < p.SampleCount; s++)
        {
            message.Clear();
            message.PackedField(1, p.LocationIdsOf(s), scratch);
            message.PackedField(2, p.ValuesOf(s), scratch);
            foreach (var label in p.LabelsOf(s))
            {
                scratch.Clear();
                scratch.Int64Field(1, label.Key);
                scratch.Int64Field(2, label.Str);
                scratch.Int64Field(3, label.Num);
                scratch.Int64Field(4, label.NumUnit);
                message.BytesField(3, scratch.Written);
            }
            w.BytesField(2, message.Written);
        }
        foreach (var m in p.Mappings)
        {
            message.Clear();
            message.UInt64Field(1, m.Id);
            message.UInt64Field(2, m.MemoryStart);
            message.UInt64Field(3, m.MemoryLimit);
            message.UInt64Field(4, m.FileOffset);
            message.Int64Field(5, m.Filename);
            message.Int64Field(6, m.BuildId);
            message.BoolField(7, m.HasFunctions);
            message.BoolField(8, m.HasFilenames);
            message.BoolField(9, m.HasLineNumbers);
            message.BoolField(10, m.HasInlineFrames);
            w.BytesField(3, message.Written);
        }
        foreach (var l in p.Locations)
        {
            message.Clear();
            message.UInt64Field(1, l.Id);
            message.UInt64Field(2, l.MappingId);
            message.UInt64Field(3, l.Address);
            foreach (var line in p.LinesOf(l))
            {
                scratch.Clear();
                scratch.UInt64Field(1, line.FunctionId);
                scratch.Int64Field(2, line.LineNumber);
                scratch.Int64Field(3, line.Column);
                message.BytesField(4, scratch.Written);
            }
            message.BoolField(5, l.IsFolded);
            w.BytesField(4, message.Written);
        }
        foreach (var f in p.Functions)
        {
            message.Clear();
            message.UInt64Field(1, f.Id);
            message.Int64Field(2, f.Name);
            message.Int64Field(3, f.SystemName);
            message.Int64Field(4, f.Filename);
            message.Int64Field(5, f.StartLine);
            w.BytesField(5, message.Written);
        }
        foreach (var s in p.Strings)
        {
            w.StringField(6, s);
        }
        w.Int64Field(7, p.DropFrames);
        w.Int64Field(8, p.KeepFrames);
        w.Int64Field(9, p.TimeNanos);
        w.Int64Field(10, p.DurationNanos);
        if (p.PeriodType != default)
        {
            w.BytesField(11, ValueType(message, p.PeriodType));
        }
        w.Int64Field(12, p.Period);
        w.PackedField(13, p.Comments, scratch);
        w.Int64Field(14, p.DefaultSampleType);
        w.Int64Field(15, p.DocUrl);
        return w.ToArray();
    }

    private static ReadOnlySpan<byte> ValueType(WireWriter message, TypeAndUnit type)
    {
        message.Clear();
        message.Int64Field(1, type.Type);
        message.Int64Field(2, type.Unit);
        return message.Written;
    }
}
