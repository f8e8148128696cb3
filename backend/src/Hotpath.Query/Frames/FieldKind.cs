namespace Hotpath.Query.Frames;

/// <summary>
/// The Grafana field types Hotpath writes. Each maps to exactly one Arrow type that Grafana's reader
/// accepts (grafana-plugin-sdk-go data/arrow.go); anything else would fail the whole query there.
/// </summary>
public enum FieldKind
{
    /// <summary>Arrow Int64, tstype "number".</summary>
    Int64,

    /// <summary>Arrow Float64, tstype "number".</summary>
    Float64,

    /// <summary>Arrow Utf8 (never LargeUtf8: Grafana rejects it), tstype "string".</summary>
    String,

    /// <summary>Arrow Bool, tstype "boolean".</summary>
    Bool,

    /// <summary>Arrow Timestamp(nanosecond, no time zone): Grafana reads any unit as nanoseconds, tstype "time".</summary>
    Time,

    /// <summary>Arrow UInt16 indices into the field's enum text table, tstype "enum".</summary>
    Enum,
}
