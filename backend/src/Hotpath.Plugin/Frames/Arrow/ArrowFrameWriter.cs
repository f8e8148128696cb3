using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Hotpath.Query.Frames;
using ArrowField = Apache.Arrow.Field;
using Field = Hotpath.Query.Frames.Field;

namespace Hotpath.Plugin.Frames.Arrow;

/// <summary>
/// Writes one <see cref="DataFrame"/> as an Arrow IPC <b>file</b> with Apache.Arrow's writer (Grafana
/// decodes QueryData frames with Arrow's file reader; the stream format is rejected): magic, schema
/// message, one record batch, end-of-stream marker, footer, magic. Grafana's metadata rides on the
/// schema and fields (<see cref="GrafanaFieldMetadata"/>). Each <see cref="FieldKind"/> maps to exactly
/// one Arrow type Grafana reads; enums are plain UInt16 indices (Grafana rejects Arrow dictionaries).
/// </summary>
public static class ArrowFrameWriter
{
    /// <summary>Nanosecond timestamps without a zone: Grafana reads every unit as nanoseconds and ignores zones.</summary>
    private static readonly TimestampType TimeType = new(TimeUnit.Nanosecond, (string?)null);

    public static byte[] Write(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Arrow frames are written little-endian only.");
        }

        var fields = new ArrowField[frame.Fields.Count];
        var columns = new IArrowArray[frame.Fields.Count];
        long bodyBytes = 0, metadataChars = 0;
        for (int i = 0; i < fields.Length; i++)
        {
            Field field = frame.Fields[i];
            columns[i] = Column(field);
            var metadata = GrafanaFieldMetadata.ForField(field);
            fields[i] = new ArrowField(field.Name, columns[i].Data.DataType, field.Nullable, metadata);
            foreach (ArrowBuffer buffer in columns[i].Data.Buffers)
            {
                bodyBytes += buffer.Length + 8;
            }

            foreach (var (key, value) in metadata)
            {
                metadataChars += key.Length + value.Length;
            }
        }
        var schemaMetadata = GrafanaFieldMetadata.ForSchema(frame);
        foreach (var (key, value) in schemaMetadata)
        {
            metadataChars += key.Length + value.Length;
        }

        var schema = new Schema(fields, schemaMetadata);

        // Sized for the body plus the metadata written twice (schema message and footer; an enum's text
        // table can be most of a flame graph frame), so the stream rarely regrows.
        using var output = new MemoryStream((int)Math.Min(System.Array.MaxLength, bodyBytes + 2 * metadataChars + 4096));
        using (var batch = new RecordBatch(schema, columns, frame.RowCount))
        using (var writer = new ArrowFileWriter(output, schema, leaveOpen: true))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }
        return output.ToArray();
    }

    private static IArrowArray Column(Field field)
    {
        int length = field.Length;
        int nulls = field.NullCount;
        ArrowBuffer validity = nulls == 0 ? ArrowBuffer.Empty : Validity(field);
        return field.Kind switch
        {
            FieldKind.Int64 => new Int64Array(View((long[])field.Values), validity, length, nulls, 0),
            FieldKind.Time => new TimestampArray(TimeType, View((long[])field.Values), validity, length, nulls, 0),
            FieldKind.Float64 => new DoubleArray(View((double[])field.Values), validity, length, nulls, 0),
            FieldKind.Enum => new UInt16Array(View((ushort[])field.Values), validity, length, nulls, 0),
            FieldKind.Bool => new BooleanArray(new ArrowBuffer(PackBits((bool[])field.Values)), validity, length, nulls, 0),
            FieldKind.String => Strings(field, validity, nulls),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field.Kind, $"field '{field.Name}': no Arrow type for this kind"),
        };
    }

    private static StringArray Strings(Field field, ArrowBuffer validity, int nulls)
    {
        var values = (string?[])field.Values;
        long total = 0;
        foreach (string? s in values)
        {
            if (s is not null)
            {
                total += Encoding.UTF8.GetByteCount(s);
            }
        }
        if (total > int.MaxValue)
        {
            throw new InvalidOperationException($"field '{field.Name}': more than 2 GiB of text does not fit Arrow Utf8 (Grafana rejects LargeUtf8)");
        }

        var offsets = new int[values.Length + 1];
        var bytes = new byte[total];
        int at = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is { } s)
            {
                at += Encoding.UTF8.GetBytes(s, bytes.AsSpan(at));
            }

            offsets[i + 1] = at;
        }
        return new StringArray(values.Length, View(offsets), new ArrowBuffer(bytes), validity, nulls, 0);
    }

    private static ArrowBuffer Validity(Field field)
    {
        var present = new bool[field.Length];
        for (int i = 0; i < present.Length; i++)
        {
            present[i] = !field.IsNull(i);
        }

        return new ArrowBuffer(PackBits(present));
    }

    /// <summary>Arrow bitmaps: bit i of byte i/8, least significant bit first; 1 = set.</summary>
    private static byte[] PackBits(bool[] values)
    {
        var bits = new byte[(values.Length + 7) / 8];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i])
            {
                bits[i >> 3] |= (byte)(1 << (i & 7));
            }
        }
        return bits;
    }

    /// <summary>The array's values as Arrow buffer bytes: .NET arrays are little-endian here, Arrow's byte order.</summary>
    private static ArrowBuffer View<T>(T[] values) where T : unmanaged => new(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
}
