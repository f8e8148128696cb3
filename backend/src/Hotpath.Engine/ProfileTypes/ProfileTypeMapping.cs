using Hotpath.Engine.Model;

namespace Hotpath.Engine.ProfileTypes;

/// <summary>How values of a profile type combine over time.</summary>
public enum TimeAggregation
{
    /// <summary>Cumulative: each profile holds what happened during its duration (CPU, allocations, waits); sum over time.</summary>
    Sum,

    /// <summary>Instant: each profile is a snapshot (in-use memory, goroutines, live objects); average over time.</summary>
    Average,
}

/// <summary>
/// Names a profile's sample types the way Pyroscope's ingest and its clients name them. The pprof
/// file does not carry Pyroscope's <c>__name__</c>; it is inferred from the sample type and the
/// period type, using the names the real producers end up with: Go runtime/pprof and pyroscope-go,
/// Java (JFR via async-profiler), .NET (pyroscope-dotnet), Node (@pyroscope/nodejs and raw
/// @datadog/pprof), Python/Ruby/Rust (pyroscope-rs) and eBPF (Alloy).
/// </summary>
public static class ProfileTypeMapping
{
    /// <summary>
    /// The id of sample type <paramref name="sampleType"/> of <paramref name="profile"/>.
    /// <paramref name="nameHint"/> (the series name a client sent, e.g. <c>block</c>) wins when given:
    /// Go's block and mutex profiles have identical sample and period types and only the sender knows.
    /// </summary>
    public static ProfileTypeId For(Profile profile, int sampleType, string? nameHint = null)
    {
        var type = profile.SampleTypeName(sampleType);
        var unit = profile.SampleTypeUnit(sampleType);
        var periodType = profile.Strings[profile.PeriodType.Type];
        var periodUnit = profile.Strings[profile.PeriodType.Unit];
        var name = string.IsNullOrEmpty(nameHint) ? InferName(type, periodType) : nameHint;
        return new ProfileTypeId(name, type, unit, periodType, periodUnit);
    }

    /// <summary>Every sample type of <paramref name="profile"/>, in file order.</summary>
    public static ProfileTypeId[] All(Profile profile, string? nameHint = null) =>
        [.. Enumerable.Range(0, profile.SampleTypes.Length).Select(i => For(profile, i, nameHint))];

    /// <summary>The Pyroscope series name for a sample type, given the profile's period type.</summary>
    public static string InferName(string sampleType, string periodType)
    {
        // Node's wall profiler reports sample/count and cpu/nanoseconds under a wall period;
        // .NET reports wall under a cpu period, so the sample type decides first.
        if (sampleType == "wall" || periodType == "wall")
        {
            return "wall";
        }
        switch (sampleType)
        {
            case "cpu":
            case "samples":
            case "sample":
            case "cpu_samples":
                return "process_cpu";
            case "alloc_objects":
            case "alloc_space":
            case "inuse_objects":
            case "inuse_space":
            case "alloc_in_new_tlab_objects":
            case "alloc_in_new_tlab_bytes":
            case "alloc_outside_tlab_objects":
            case "alloc_outside_tlab_bytes":
            case "alloc_samples":
            case "alloc-samples":
            case "alloc_size":
            case "alloc-size":
            case "objects":
            case "space":
            case "live":
                return "memory";
            case "goroutine":
            case "goroutines":
                return "goroutine";
            case "contentions":
            case "delay":
                // JFR names the period after the lock kind; Go uses contentions/count for both
                // block and mutex, and mutex is what pyroscope-go labels it by default.
                return periodType is "block" ? "block" : "mutex";
            case "lock_count":
            case "lock-count":
            case "lock_time":
            case "lock-time":
                return "lock";
            case "exception":
                return "exception";
            default:
                return sampleType;
        }
    }

    /// <summary>
    /// Whether values of this sample type add up over time or are snapshots: in-use memory, live
    /// objects, goroutine and thread counts are snapshots (Pyroscope's legacy <c>average</c>
    /// aggregation); everything else is cumulative over the profile's duration.
    /// </summary>
    public static TimeAggregation AggregationOf(string sampleType) => sampleType switch
    {
        "inuse_objects" or "inuse_space" or "objects" or "space" or "live"
            or "goroutine" or "goroutines" or "threadcreate" or "thread" => TimeAggregation.Average,
        _ => TimeAggregation.Sum,
    };

    public static bool IsCumulative(string sampleType) => AggregationOf(sampleType) == TimeAggregation.Sum;
}
