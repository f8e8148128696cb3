using System.Text.Json.Nodes;

namespace Hotpath.Query.Frames;

/// <summary>
/// One column of a <see cref="DataFrame"/>. Values live in one flat array (no per-value boxing), with an
/// optional validity array for nullable fields (<c>true</c> = value present).
/// The field name is the Arrow field name; <see cref="Labels"/> and <see cref="Config"/> become the
/// field metadata Grafana reads (<c>labels</c>, <c>config</c>).
/// </summary>
public sealed class Field
{
    private Field(string name, FieldKind kind, Array values, bool[]? validity, bool nullable, string[]? enumText)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Kind = kind;
        Values = values;
        Validity = validity;
        Nullable = nullable;
        EnumText = enumText;
    }

    public string Name { get; }

    public FieldKind Kind { get; }

    /// <summary>
    /// long[] (Int64, and Time as Unix nanoseconds), double[], string?[], bool[], ushort[] (Enum).
    /// For a null entry of a non-string field the slot's value is unspecified.
    /// </summary>
    public Array Values { get; }

    /// <summary>Null when every value is present.</summary>
    public bool[]? Validity { get; }

    /// <summary>Written as the Arrow nullable flag; Grafana reads nulls only from nullable fields.</summary>
    public bool Nullable { get; }

    /// <summary>For <see cref="FieldKind.Enum"/>: text of each index (Grafana's config.type.enum.text).</summary>
    public IReadOnlyList<string>? EnumText { get; }

    /// <summary>Series labels, e.g. <c>service_name=api</c>.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; private init; }

    /// <summary>Grafana FieldConfig JSON, e.g. <c>{"unit":"ns"}</c>. For enums the text table is added when written.</summary>
    public JsonObject? Config { get; private init; }

    /// <summary>The same values with these labels (arrays are shared, not copied).</summary>
    public Field WithLabels(IReadOnlyDictionary<string, string>? labels) =>
        new(Name, Kind, Values, Validity, Nullable, EnumText is null ? null : [.. EnumText]) { Labels = labels, Config = Config };

    /// <summary>The same values with this field config (arrays are shared, not copied).</summary>
    public Field WithConfig(JsonObject? config) =>
        new(Name, Kind, Values, Validity, Nullable, EnumText is null ? null : [.. EnumText]) { Labels = Labels, Config = config };

    public int Length => Values.Length;

    public bool IsNull(int row) => Kind == FieldKind.String ? ((string?[])Values)[row] is null : Validity is not null && !Validity[row];

    public int NullCount
    {
        get
        {
            int nulls = 0;
            for (int i = 0; i < Length; i++)
            {
                if (IsNull(i))
                {
                    nulls++;
                }
            }

            return nulls;
        }
    }

    public static Field Int64(string name, long[] values) => new(name, FieldKind.Int64, values, null, false, null);

    public static Field NullableInt64(string name, long?[] values)
    {
        var (data, validity) = Split(values);
        return new Field(name, FieldKind.Int64, data, validity, true, null);
    }

    public static Field Float64(string name, double[] values) => new(name, FieldKind.Float64, values, null, false, null);

    public static Field NullableFloat64(string name, double?[] values)
    {
        var (data, validity) = Split(values);
        return new Field(name, FieldKind.Float64, data, validity, true, null);
    }

    public static Field Bool(string name, bool[] values) => new(name, FieldKind.Bool, values, null, false, null);

    public static Field NullableBool(string name, bool?[] values)
    {
        var (data, validity) = Split(values);
        return new Field(name, FieldKind.Bool, data, validity, true, null);
    }

    /// <summary>Strings; the field is nullable when any value is null.</summary>
    public static Field String(string name, string?[] values) =>
        new(name, FieldKind.String, values, null, Array.IndexOf(values, null) >= 0, null);

    public static Field NullableString(string name, string?[] values) => new(name, FieldKind.String, values, null, true, null);

    public static Field TimeUnixNanoseconds(string name, long[] unixNanoseconds) =>
        new(name, FieldKind.Time, unixNanoseconds, null, false, null);

    public static Field Time(string name, IReadOnlyList<DateTimeOffset> values)
    {
        var ns = new long[values.Count];
        for (int i = 0; i < ns.Length; i++)
        {
            ns[i] = ToUnixNanoseconds(values[i]);
        }

        return new Field(name, FieldKind.Time, ns, null, false, null);
    }

    public static Field NullableTime(string name, IReadOnlyList<DateTimeOffset?> values)
    {
        var ns = new long[values.Count];
        var validity = new bool[values.Count];
        for (int i = 0; i < ns.Length; i++)
        {
            if (values[i] is { } v) { ns[i] = ToUnixNanoseconds(v); validity[i] = true; }
        }
        return new Field(name, FieldKind.Time, ns, validity, true, null);
    }

    /// <summary>
    /// An enum field: each value is an index into <paramref name="text"/>. Indices are UInt16 in Grafana,
    /// so at most 65 536 distinct texts: callers with more names (a flame graph before truncation) must
    /// truncate first or write a string field.
    /// </summary>
    public static Field Enum(string name, ushort[] indices, IReadOnlyList<string> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Count > ushort.MaxValue + 1)
        {
            throw new ArgumentException($"enum field '{name}': {text.Count} texts, but UInt16 indices address at most {ushort.MaxValue + 1}", nameof(text));
        }

        for (int i = 0; i < indices.Length; i++)
        {
            if (indices[i] >= text.Count)
            {
                throw new ArgumentException($"enum field '{name}': row {i} has index {indices[i]} but the text table has {text.Count} entries", nameof(indices));
            }
        }
        return new Field(name, FieldKind.Enum, indices, null, false, [.. text]);
    }

    public static long ToUnixNanoseconds(DateTimeOffset value) =>
        checked((value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100);

    private static (T[] Data, bool[] Validity) Split<T>(T?[] values) where T : struct
    {
        var data = new T[values.Length];
        var validity = new bool[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is { } v) { data[i] = v; validity[i] = true; }
        }
        return (data, validity);
    }
}
