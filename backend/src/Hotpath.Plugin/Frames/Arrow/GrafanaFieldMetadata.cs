using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hotpath.Query.Frames;

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
        if (frame.Meta is not null)
        {
            pairs.Add(new("meta", ToJson(frame.Meta)));
        }

        return pairs;
    }

    public static List<KeyValuePair<string, string>> ForField(Field field)
    {
        var pairs = new List<KeyValuePair<string, string>> { new("tstype", TsType(field.Kind)) };
        if (field.Labels is not null)
        {
            pairs.Add(new("labels", LabelsJson(field.Labels)));
        }

        if (ConfigJson(field) is { } config)
        {
            pairs.Add(new("config", config));
        }

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

    /// <summary>
    /// The field's config; for an enum, with its text table at config.type.enum.text where Grafana looks for
    /// it (other keys of config, type and enum kept in place). Written straight to JSON: a flame graph's
    /// table holds tens of thousands of names, too many to build as a node tree first.
    /// </summary>
    private static string? ConfigJson(Field field)
    {
        if (field.Kind != FieldKind.Enum)
        {
            return field.Config is null ? null : ToJson(field.Config);
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteMerged(writer, field.Config, "type", w =>
                WriteMerged(w, field.Config?["type"] as JsonObject, "enum", w2 =>
                    WriteMerged(w2, (field.Config?["type"] as JsonObject)?["enum"] as JsonObject, "text", w3 =>
                    {
                        w3.WriteStartArray();
                        foreach (string text in field.EnumText!)
                        {
                            w3.WriteStringValue(text);
                        }

                        w3.WriteEndArray();
                    })));
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes <paramref name="source"/> (or an empty object) with <paramref name="key"/>'s value written by <paramref name="writeValue"/>, in place or appended.</summary>
    private static void WriteMerged(Utf8JsonWriter writer, JsonObject? source, string key, Action<Utf8JsonWriter> writeValue)
    {
        writer.WriteStartObject();
        bool written = false;
        if (source is not null)
        {
            foreach (var (name, value) in source)
            {
                writer.WritePropertyName(name);
                if (name == key)
                {
                    writeValue(writer);
                    written = true;
                }
                else if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }
        }
        if (!written)
        {
            writer.WritePropertyName(key);
            writeValue(writer);
        }
        writer.WriteEndObject();
    }

    private static string LabelsJson(IReadOnlyDictionary<string, string> labels)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var key in labels.Keys.Order(StringComparer.Ordinal))
            {
                writer.WriteString(key, labels[key]);
            }

            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string ToJson(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
