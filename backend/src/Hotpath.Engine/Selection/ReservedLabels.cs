namespace Hotpath.Engine.Selection;

/// <summary>The labels Pyroscope adds to every series at ingest (see the profile type id format).</summary>
public static class ReservedLabels
{
    public const string Name = "__name__";
    public const string ProfileType = "__profile_type__";
    public const string Type = "__type__";
    public const string Unit = "__unit__";
    public const string PeriodType = "__period_type__";
    public const string PeriodUnit = "__period_unit__";
    public const string ServiceNameCopy = "__service_name__";
    public const string ServiceName = "service_name";

    /// <summary>Ingest controls that Pyroscope consumes before it stores a series.</summary>
    public static readonly string[] Consumed = ["__delta__", "__otel__", "__order__", "__session_id__"];

    /// <summary>Sample labels that stay on samples (span/trace selection) instead of becoming series labels.</summary>
    public static readonly string[] KeptOnSamples = ["trace_id", "span_id", "profile_id"];
}
