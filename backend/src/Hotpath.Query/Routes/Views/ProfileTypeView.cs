using Hotpath.Engine.ProfileTypes;

namespace Hotpath.Query.Routes.Views;

/// <summary>
/// A profile type as the app shows it (docs/api.md, "Profile type"): the id's parts plus a picker
/// category, a readable label, Grafana's unit id for its values and how points combine over time.
/// </summary>
public sealed record ProfileTypeView(
    string Id, string Name, string SampleType, string SampleUnit, string PeriodType, string PeriodUnit,
    string Category, string Label, string Unit, string Aggregation)
{
    public static ProfileTypeView For(string id) =>
        ProfileTypeId.TryParse(id, out var parsed) ? For(parsed) : throw new ArgumentException($"'{id}' is not a profile type id");

    public static ProfileTypeView For(ProfileTypeId id) => new(
        id.ToString(), id.Name, id.SampleType, id.SampleUnit, id.PeriodType, id.PeriodUnit,
        CategoryOf(id), LabelOf(id), UnitOf(id.SampleUnit),
        ProfileTypeMapping.AggregationOf(id.SampleType) == TimeAggregation.Average ? "average" : "sum");

    private static string CategoryOf(ProfileTypeId id) => id.Name switch
    {
        "process_cpu" or "wall" or "cpu" => "CPU",
        "memory" => "Memory",
        "goroutine" or "goroutines" => "Goroutines",
        "mutex" => "Mutex",
        "block" => "Block",
        "lock" => "Lock",
        "exception" or "exceptions" => "Exceptions",
        _ => "Other",
    };

    private static string LabelOf(ProfileTypeId id) => (id.Name, id.SampleType) switch
    {
        ("process_cpu", "cpu") => "CPU time",
        ("process_cpu", "samples") => "CPU samples",
        ("wall", _) => "Wall time",
        ("memory", "alloc_space") => "Allocated memory",
        ("memory", "alloc_objects") => "Allocated objects",
        ("memory", "inuse_space") => "In-use memory",
        ("memory", "inuse_objects") => "In-use objects",
        ("memory", "alloc_in_new_tlab_bytes") => "Allocated memory (TLAB)",
        ("memory", "alloc_in_new_tlab_objects") => "Allocated objects (TLAB)",
        ("memory", "alloc_outside_tlab_bytes") => "Allocated memory (outside TLAB)",
        ("memory", "alloc_outside_tlab_objects") => "Allocated objects (outside TLAB)",
        ("goroutine", _) => "Goroutines",
        ("mutex", "contentions") => "Mutex contentions",
        ("mutex", "delay") => "Mutex wait time",
        ("block", "contentions") => "Block contentions",
        ("block", "delay") => "Block wait time",
        ("lock", "lock_count") => "Lock contentions",
        ("lock", "lock_time") => "Lock wait time",
        ("exception", _) => "Exceptions",
        _ => $"{id.Name} / {id.SampleType}",
    };

    private static string UnitOf(string sampleUnit) => sampleUnit switch
    {
        "nanoseconds" => "ns",
        "microseconds" => "µs",
        "milliseconds" => "ms",
        "seconds" => "s",
        "bytes" => "bytes",
        _ => "short",
    };
}
