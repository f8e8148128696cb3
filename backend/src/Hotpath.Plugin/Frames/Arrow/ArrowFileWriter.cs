using System.Buffers.Binary;

namespace Hotpath.Plugin.Frames.Arrow;

/// <summary>
/// Writes one <see cref="DataFrame"/> as an Arrow IPC <b>file</b> (Grafana decodes QueryData frames with
/// Arrow's file reader; the stream format is rejected):
/// <code>
/// "ARROW1\0\0" | schema message | record batch message | end-of-stream marker | footer | int32 footer size | "ARROW1"
/// </code>
/// Each message is: 0xFFFFFFFF, int32 metadata size, Message flatbuffer padded to 8 bytes, body.
/// The footer repeats the schema and gives the record batch's block (offset, metadata size, body size).
/// </summary>
public static class ArrowFileWriter
{
    public static byte[] Write(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var output = new MemoryStream();
        output.Write(ArrowFormat.Magic);
        output.Write([0, 0]);

        WriteMessage(output, BuildSchemaMessage(frame), body: null);

        var body = new RecordBatchBody(frame);
        long batchOffset = output.Position;
        int batchMetadataLength = WriteMessage(output, BuildRecordBatchMessage(body), body);

        // End-of-stream marker: continuation token and a zero metadata size.
        WriteInt32(output, -1);
        WriteInt32(output, 0);

        byte[] footer = BuildFooter(frame, (batchOffset, batchMetadataLength, body.Length));
        output.Write(footer);
        WriteInt32(output, footer.Length);
        output.Write(ArrowFormat.Magic);
        return output.ToArray();
    }

    /// <summary>Writes an encapsulated message; returns its metadata length as the footer counts it (prefix included).</summary>
    private static int WriteMessage(Stream output, byte[] metadata, RecordBatchBody? body)
    {
        int padded = ArrowFormat.Align(metadata.Length);
        WriteInt32(output, -1);
        WriteInt32(output, padded);
        output.Write(metadata);
        for (int i = metadata.Length; i < padded; i++) output.WriteByte(0);
        body?.CopyTo(output);
        return 8 + padded;
    }

    private static byte[] BuildSchemaMessage(DataFrame frame)
    {
        var b = new FlatBufferBuilder();
        int schema = BuildSchema(b, frame);
        return FinishMessage(b, ArrowFormat.MessageHeaderSchema, schema, bodyLength: 0);
    }

    private static byte[] BuildRecordBatchMessage(RecordBatchBody body)
    {
        var b = new FlatBufferBuilder();

        // Struct vectors are written back to front, each struct's fields in reverse order.
        b.StartVector(16, body.Buffers.Count, 8);
        for (int i = body.Buffers.Count - 1; i >= 0; i--)
        {
            b.PutLong(body.Buffers[i].Length);
            b.PutLong(body.Buffers[i].Offset);
        }
        int buffers = b.EndVector();

        b.StartVector(16, body.Nodes.Count, 8);
        for (int i = body.Nodes.Count - 1; i >= 0; i--)
        {
            b.PutLong(body.Nodes[i].NullCount);
            b.PutLong(body.Nodes[i].Length);
        }
        int nodes = b.EndVector();

        b.StartTable(5);
        b.AddFieldLong(0, body.RowCount);
        b.AddFieldOffset(1, nodes);
        b.AddFieldOffset(2, buffers);
        int recordBatch = b.EndTable();
        return FinishMessage(b, ArrowFormat.MessageHeaderRecordBatch, recordBatch, body.Length);
    }

    private static byte[] FinishMessage(FlatBufferBuilder b, byte headerType, int header, long bodyLength)
    {
        b.StartTable(5);
        b.AddFieldLong(3, bodyLength);
        b.AddFieldOffset(2, header);
        b.AddFieldShort(0, ArrowFormat.MetadataVersionV5);
        b.AddFieldByte(1, headerType);
        return b.Finish(b.EndTable());
    }

    private static byte[] BuildFooter(DataFrame frame, (long Offset, int MetadataLength, long BodyLength) batch)
    {
        var b = new FlatBufferBuilder();
        int schema = BuildSchema(b, frame);

        // Block { offset: long; metaDataLength: int; (4 bytes padding) bodyLength: long }
        b.StartVector(24, 1, 8);
        b.PutLong(batch.BodyLength);
        b.Pad(4);
        b.PutInt(batch.MetadataLength);
        b.PutLong(batch.Offset);
        int recordBatches = b.EndVector();

        b.StartVector(24, 0, 8);
        int dictionaries = b.EndVector();

        b.StartTable(5);
        b.AddFieldOffset(1, schema);
        b.AddFieldOffset(2, dictionaries);
        b.AddFieldOffset(3, recordBatches);
        b.AddFieldShort(0, ArrowFormat.MetadataVersionV5);
        return b.Finish(b.EndTable());
    }

    private static int BuildSchema(FlatBufferBuilder b, DataFrame frame)
    {
        var fields = new int[frame.Fields.Count];
        for (int i = 0; i < fields.Length; i++) fields[i] = BuildField(b, frame.Fields[i]);
        int fieldVector = b.CreateOffsetVector(fields);
        int metadata = BuildKeyValues(b, GrafanaFieldMetadata.ForSchema(frame));

        b.StartTable(4);
        b.AddFieldOffset(1, fieldVector);
        b.AddFieldOffset(2, metadata);
        b.AddFieldShort(0, 0); // little-endian
        return b.EndTable();
    }

    private static int BuildField(FlatBufferBuilder b, Field field)
    {
        int name = b.CreateString(field.Name);
        (byte typeType, int type) = BuildType(b, field.Kind);
        int metadata = BuildKeyValues(b, GrafanaFieldMetadata.ForField(field));
        int children = b.CreateOffsetVector([]);

        b.StartTable(7);
        b.AddFieldOffset(0, name);
        b.AddFieldOffset(3, type);
        b.AddFieldOffset(5, children);
        b.AddFieldOffset(6, metadata);
        b.AddFieldBool(1, field.Nullable);
        b.AddFieldByte(2, typeType);
        return b.EndTable();
    }

    private static (byte TypeType, int Type) BuildType(FlatBufferBuilder b, FieldKind kind)
    {
        switch (kind)
        {
            case FieldKind.Int64:
                b.StartTable(2);
                b.AddFieldInt(0, 64);
                b.AddFieldBool(1, true);
                return (ArrowFormat.TypeInt, b.EndTable());
            case FieldKind.Enum:
                b.StartTable(2);
                b.AddFieldInt(0, 16);
                b.AddFieldBool(1, false);
                return (ArrowFormat.TypeInt, b.EndTable());
            case FieldKind.Float64:
                b.StartTable(1);
                b.AddFieldShort(0, ArrowFormat.PrecisionDouble);
                return (ArrowFormat.TypeFloatingPoint, b.EndTable());
            case FieldKind.String:
                b.StartTable(0);
                return (ArrowFormat.TypeUtf8, b.EndTable());
            case FieldKind.Bool:
                b.StartTable(0);
                return (ArrowFormat.TypeBool, b.EndTable());
            case FieldKind.Time:
                // No timezone field: Grafana frames carry zone-less nanosecond timestamps.
                b.StartTable(2);
                b.AddFieldShort(0, ArrowFormat.TimeUnitNanosecond);
                return (ArrowFormat.TypeTimestamp, b.EndTable());
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "no Arrow type for this field kind");
        }
    }

    private static int BuildKeyValues(FlatBufferBuilder b, List<KeyValuePair<string, string>> pairs)
    {
        var tables = new int[pairs.Count];
        for (int i = 0; i < pairs.Count; i++)
        {
            int key = b.CreateString(pairs[i].Key);
            int value = b.CreateString(pairs[i].Value);
            b.StartTable(2);
            b.AddFieldOffset(0, key);
            b.AddFieldOffset(1, value);
            tables[i] = b.EndTable();
        }
        return b.CreateOffsetVector(tables);
    }

    private static void WriteInt32(Stream output, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        output.Write(bytes);
    }
}
