using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hotpath.Plugin.Frames.Arrow;

/// <summary>
/// The key/value metadata Grafana's Arrow reader expects (grafana-plugin-sdk-go data/arrow.go):
/// schema keys <c>name</c>, <c>refId</c>, <c>meta</c>; field keys <c>tstype</c>, <c>labels</c>, <c>config</c>.
/// </summary>
internal static class GrafanaFieldMetadata
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static List<KeyValuePair<string, string>> ForSchema(DataFrame frame)
    {
        var pairs = new List<KeyValuePair<string, string>>
        {
            new("name", frame.Name),
            new("refId", frame.RefId),
        };
        if (frame.Meta is not null) pairs.Add(new("meta", ToJson(frame.Meta)));
        return pairs;
    }

    public static List<KeyValuePair<string, string>> ForField(Field field)
    {
        var pairs = new List<KeyValuePair<string, string>> { new("tstype", TsType(field.Kind)) };
        if (field.Labels is not null) pairs.Add(new("labels", LabelsJson(field.Labels)));
        JsonObject? config = EffectiveConfig(field);
        if (config is not null) pairs.Add(new("config", ToJson(config)));
        return pairs;
    }

    public static string TsType(FieldKind kind) => kind switch
    {
        FieldKind.Int64 or FieldKind.Float64 => "number",
        FieldKind.String => "string",
        FieldKind.Bool => "boolean",
        FieldKind.Time => "time",
        FieldKind.Enum => "enum",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no Grafana tstype for this field kind"),
    };

    /// <summary>The field's config, with an enum's text table at config.type.enum.text where Grafana looks for it.</summary>
    private static JsonObject? EffectiveConfig(Field field)
    {
        if (field.Kind != FieldKind.Enum) return field.Config;
        var config = field.Config is null ? new JsonObject() : (JsonObject)field.Config.DeepClone();
        if (config["type"] is not JsonObject type)
        {
            type = new JsonObject();
            config["type"] = type;
        }
        if (type["enum"] is not JsonObject enumConfig)
        {
            enumConfig = new JsonObject();
            type["enum"] = enumConfig;
        }
        var text = new JsonArray();
        foreach (string s in field.EnumText!) text.Add((JsonNode?)JsonValue.Create(s));
        enumConfig["text"] = text;
        return config;
    }

    private static string LabelsJson(IReadOnlyDictionary<string, string> labels)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var key in labels.Keys.Order(StringComparer.Ordinal)) writer.WriteString(key, labels[key]);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string ToJson(JsonNode node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions)) node.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
