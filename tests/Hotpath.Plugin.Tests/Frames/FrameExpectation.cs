using System.Globalization;
using System.Text.Json.Nodes;
using Hotpath.Query.Frames;

namespace Hotpath.Plugin.Tests.Frames;

/// <summary>
/// What a reader must find in a frame, as JSON written straight from the frame's input arrays (not from the
/// Arrow bytes), for tests/conformance/arrow-check.mjs. 64-bit integers and timestamps are decimal strings so
/// that values beyond 2^53 survive JSON; non-finite floats are the strings "NaN", "Infinity", "-Infinity".
/// </summary>
internal static class FrameExpectation
{
    public static string ToJson(DataFrame frame)
    {
        var fields = new JsonArray();
        foreach (Field field in frame.Fields)
        {
            fields.Add((JsonNode)Describe(field));
        }

        var root = new JsonObject
        {
            ["name"] = frame.Name,
            ["refId"] = frame.RefId,
            ["meta"] = frame.Meta?.DeepClone(),
            ["rows"] = frame.RowCount,
            ["fields"] = fields,
        };
        return root.ToJsonString();
    }

    private static JsonObject Describe(Field field)
    {
        JsonObject? labels = null;
        if (field.Labels is not null)
        {
            labels = [];
            foreach (var (k, v) in field.Labels)
            {
                labels[k] = v;
            }
        }
        JsonNode? config = field.Config?.DeepClone();
        if (field.Kind == FieldKind.Enum)
        {
            var text = new JsonArray();
            foreach (string s in field.EnumText!)
            {
                text.Add((JsonNode?)JsonValue.Create(s));
            }

            var withEnum = (JsonObject?)config ?? [];
            withEnum["type"] = new JsonObject { ["enum"] = new JsonObject { ["text"] = text } };
            config = withEnum;
        }
        var values = new JsonArray();
        for (int i = 0; i < field.Length; i++)
        {
            values.Add(field.IsNull(i) ? null : Value(field, i));
        }

        return new JsonObject
        {
            ["name"] = field.Name,
            ["type"] = field.Kind switch
            {
                FieldKind.Int64 => "int64",
                FieldKind.Float64 => "float64",
                FieldKind.String => "utf8",
                FieldKind.Bool => "bool",
                FieldKind.Time => "timestamp_ns",
                FieldKind.Enum => "uint16",
                _ => throw new ArgumentOutOfRangeException(nameof(field)),
            },
            ["nullable"] = field.Nullable,
            ["tstype"] = field.Kind switch
            {
                FieldKind.Int64 or FieldKind.Float64 => "number",
                FieldKind.String => "string",
                FieldKind.Bool => "boolean",
                FieldKind.Time => "time",
                _ => "enum",
            },
            ["labels"] = labels,
            ["config"] = config,
            ["values"] = values,
        };
    }

    private static JsonNode? Value(Field field, int i) => field.Kind switch
    {
        FieldKind.Int64 or FieldKind.Time => ((long[])field.Values)[i].ToString(CultureInfo.InvariantCulture),
        FieldKind.Float64 => Float(((double[])field.Values)[i]),
        FieldKind.String => ((string?[])field.Values)[i],
        FieldKind.Bool => ((bool[])field.Values)[i],
        FieldKind.Enum => (int)((ushort[])field.Values)[i],
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    private static JsonNode Float(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : JsonValue.Create(d);
}
