using System.Text.Json.Nodes;
using Hotpath.Query.Frames;

namespace Hotpath.Plugin.Tests.Frames;

/// <summary>Frames that cover every field kind Hotpath writes, with the edge values Arrow readers trip on.</summary>
internal static class FrameSamples
{
    public static DataFrame AllTypes() => new(
        "response",
        [
            Field.Int64("level", [0, -1, (1L << 53) + 1, long.MaxValue, long.MinValue]),
            Field.Float64("ratio", [0, -1.5, 3.141592653589793, double.MaxValue, double.NaN]).WithConfig(new JsonObject { ["unit"] = "percentunit" }),
            Field.Enum("label", [0, 1, 2, 1, 0], ["total", "main", "ünïcødé 🔥"]).WithConfig(new JsonObject { ["unit"] = "short" }),
            Field.String("text", ["", "ascii", "ünïcødé", "日本語", "emoji 🔥 \"quoted\""]),
            Field.TimeUnixNanoseconds("time", [0, 1_700_000_000_123_456_789, -1, 1, 4_102_444_800_000_000_001]),
            Field.Bool("flag", [true, false, true, true, false]),
            Field.Float64("cpu", [1, 2, 3, 4, double.PositiveInfinity])
                .WithLabels(new Dictionary<string, string> { ["service_name"] = "api", ["zone"] = "eu-west-1", ["ünï"] = "çødé" })
                .WithConfig(new JsonObject { ["unit"] = "ns", ["displayName"] = "CPU" }),
        ],
        new JsonObject { ["typeVersion"] = new JsonArray(0, 0), ["preferredVisualisationType"] = "flamegraph" },
        refId: "A");

    /// <summary>Eleven rows so that validity bitmaps span two bytes; nulls first, last and in between.</summary>
    public static DataFrame Nullable() => new(
        "nullable",
        [
            Field.NullableInt64("n_int", [null, 1, 2, null, 4, 5, 6, 7, 8, 9, null]),
            Field.NullableFloat64("n_float", [1.25, null, null, 3, 4, 5, 6, 7, 8, 9, 10]),
            Field.NullableBool("n_bool", [true, null, false, true, null, false, true, false, true, false, null]),
            Field.NullableTime("n_time",
            [
                null, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), null, null, null, null, null, null, null,
                DateTimeOffset.FromUnixTimeMilliseconds(0), DateTimeOffset.FromUnixTimeMilliseconds(1),
            ]),
            Field.String("n_text", ["a", null, "", "ü", null, "f", "g", "h", "i", "j", null]),
            Field.NullableString("n_text_no_nulls", ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]),
        ],
        refId: "B");

    public static DataFrame Empty() => new(
        "empty",
        [
            Field.Int64("level", []),
            Field.Float64("value", []),
            Field.Enum("label", [], ["unused"]),
            Field.String("name", []),
            Field.TimeUnixNanoseconds("time", []),
            Field.Bool("flag", []),
            Field.NullableInt64("maybe", []),
        ]);

    public static DataFrame NoFields() => new("", []);

    /// <summary>A flame-graph-shaped frame large enough that buffers are tens of kilobytes.</summary>
    public static DataFrame Large(int rows)
    {
        var level = new long[rows];
        var value = new long[rows];
        var self = new long[rows];
        var label = new ushort[rows];
        var text = new string[1000];
        for (int i = 0; i < text.Length; i++)
        {
            text[i] = $"pkg{i % 17}.Function{i}";
        }

        for (int i = 0; i < rows; i++)
        {
            level[i] = i % 64;
            value[i] = (long)(rows - i) * 1_000_003;
            self[i] = i * 7L;
            label[i] = (ushort)(i * 31 % text.Length);
        }
        return new DataFrame(
            "response",
            [
                Field.Int64("level", level),
                Field.Int64("value", value).WithConfig(new JsonObject { ["unit"] = "ns" }),
                Field.Int64("self", self).WithConfig(new JsonObject { ["unit"] = "ns" }),
                Field.Enum("label", label, text),
            ],
            new JsonObject { ["preferredVisualisationType"] = "flamegraph" },
            refId: "large");
    }
}
