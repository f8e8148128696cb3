using System.Text.Encodings.Web;
using System.Text.Json;
using Hotpath.Engine.Diff;

namespace Hotpath.Engine.FlameGraphs;

/// <summary>
/// JSON encodings of flame graphs. The flamebearer ones follow the proto3 JSON mapping Pyroscope's
/// Connect API answers with (<c>querier.v1.FlameGraph</c> / <c>FlameGraphDiff</c>): int64 values as
/// strings, camelCase names, fields with default values left out. The nested-set ones are
/// Hotpath's own column layout: one array per column, plain numbers.
/// </summary>
public static class FlameGraphJson
{
    /// <summary>Writer options that keep function names readable (no \u escapes for &lt;, &gt;, &amp;, quotes in generics).</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteFlamebearer(Utf8JsonWriter w, Flamebearer fb)
    {
        w.WriteStartObject();
        WriteNamesAndLevels(w, fb.Names, fb.Levels);
        WriteInt64IfSet(w, "total", fb.Total);
        WriteInt64IfSet(w, "maxSelf", fb.MaxSelf);
        w.WriteEndObject();
    }

    public static void WriteDiffFlamebearer(Utf8JsonWriter w, DiffFlamebearer fb)
    {
        w.WriteStartObject();
        WriteNamesAndLevels(w, fb.Names, fb.Levels);
        WriteInt64IfSet(w, "total", fb.Total);
        WriteInt64IfSet(w, "maxSelf", fb.MaxSelf);
        WriteInt64IfSet(w, "leftTicks", fb.LeftTicks);
        WriteInt64IfSet(w, "rightTicks", fb.RightTicks);
        w.WriteEndObject();
    }

    /// <summary>
    /// The <c>flamebearer</c> object of Pyroscope's legacy render API (flamebearer profile v1,
    /// Go <c>encoding/json</c>): <c>names</c>, <c>levels</c> as plain int arrays, <c>numTicks</c>,
    /// <c>maxSelf</c>. The caller writes the envelope around it (version, metadata, timeline).
    /// </summary>
    public static void WriteFlamebearerV1(Utf8JsonWriter w, Flamebearer fb)
    {
        w.WriteStartObject();
        WriteStrings(w, "names", fb.Names);
        WritePlainLevels(w, fb.Levels);
        w.WriteNumber("numTicks", fb.Total);
        w.WriteNumber("maxSelf", fb.MaxSelf);
        w.WriteEndObject();
    }

    /// <summary>The legacy render-diff <c>flamebearer</c> object: 7-tuple levels, <c>leftTicks</c>, <c>rightTicks</c>.</summary>
    public static void WriteDiffFlamebearerV1(Utf8JsonWriter w, DiffFlamebearer fb)
    {
        w.WriteStartObject();
        WriteStrings(w, "names", fb.Names);
        WritePlainLevels(w, fb.Levels);
        w.WriteNumber("numTicks", fb.Total);
        w.WriteNumber("maxSelf", fb.MaxSelf);
        w.WriteNumber("leftTicks", fb.LeftTicks);
        w.WriteNumber("rightTicks", fb.RightTicks);
        w.WriteEndObject();
    }

    private static void WritePlainLevels(Utf8JsonWriter w, IReadOnlyList<long[]> levels)
    {
        w.WriteStartArray("levels");
        foreach (var values in levels)
        {
            w.WriteStartArray();
            foreach (var v in values)
            {
                w.WriteNumberValue(v);
            }
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    public static void WriteNestedSet(Utf8JsonWriter w, NestedSetFlameGraph graph)
    {
        w.WriteStartObject();
        WriteStrings(w, "labels", graph.Labels);
        WriteInts(w, "level", graph.Level);
        WriteLongs(w, "value", graph.Value);
        WriteLongs(w, "self", graph.Self);
        WriteInts(w, "label", graph.Label);
        w.WriteNumber("total", graph.Total);
        w.WriteNumber("otherTotal", graph.OtherTotal);
        w.WriteNumber("truncatedFraction", graph.TruncatedFraction);
        w.WriteEndObject();
    }

    public static void WriteDiffNestedSet(Utf8JsonWriter w, DiffFlameGraph graph)
    {
        w.WriteStartObject();
        WriteStrings(w, "labels", graph.Labels);
        WriteInts(w, "level", graph.Level);
        WriteInts(w, "label", graph.Label);
        WriteLongs(w, "self", graph.Self);
        WriteLongs(w, "value", graph.Value);
        WriteLongs(w, "selfRight", graph.SelfRight);
        WriteLongs(w, "valueRight", graph.ValueRight);
        w.WriteNumber("leftTotal", graph.LeftTotal);
        w.WriteNumber("rightTotal", graph.RightTotal);
        w.WriteNumber("truncatedFraction", graph.TruncatedFraction);
        w.WriteEndObject();
    }

    private static void WriteNamesAndLevels(Utf8JsonWriter w, IReadOnlyList<string> names, IReadOnlyList<long[]> levels)
    {
        if (names.Count > 0)
        {
            WriteStrings(w, "names", names);
        }
        if (levels.Count == 0)
        {
            return;
        }
        w.WriteStartArray("levels");
        Span<byte> digits = stackalloc byte[24];
        foreach (var values in levels)
        {
            w.WriteStartObject();
            if (values.Length > 0)
            {
                w.WriteStartArray("values");
                foreach (var v in values)
                {
                    v.TryFormat(digits, out var written);
                    w.WriteStringValue(digits[..written]);
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteInt64IfSet(Utf8JsonWriter w, string name, long value)
    {
        if (value != 0)
        {
            w.WriteString(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var s in values)
        {
            w.WriteStringValue(s);
        }
        w.WriteEndArray();
    }

    private static void WriteInts(Utf8JsonWriter w, string name, ReadOnlySpan<int> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }
        w.WriteEndArray();
    }

    private static void WriteLongs(Utf8JsonWriter w, string name, ReadOnlySpan<long> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }
        w.WriteEndArray();
    }
}
