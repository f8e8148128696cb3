using Hotpath.Engine.ProfileTypes;

namespace Hotpath.Query.ProfileTypes;

/// <summary>
/// How a view presents a profile type: its picker group, a readable name, Grafana's unit id for its
/// values and how points combine it over time. Categories are declared in the order pickers list them.
/// </summary>
public enum ProfileCategory
{
    CPU,
    Memory,
    Goroutines,
    Mutex,
    Block,
    Lock,
    Exceptions,
    Other,
}

/// <summary>A profile type as every view answers it (see docs/api.md, "Profile type").</summary>
public sealed record ProfileTypeDescription(
    string Id,
    string Name,
    string SampleType,
    string SampleUnit,
    string PeriodType,
    string PeriodUnit,
    string Category,
    string Label,
    string Unit,
    string Aggregation);

/// <summary>
/// Describes profile types. The types Explore Profiles knows (Go, Java, .NET, Node, Python, Ruby, Rust
/// and eBPF producers) get a written label; any other id still renders, grouped by its name and
/// labelled <c>name / sampleType</c>, so a new producer never breaks a view.
/// </summary>
public static class ProfileTypeInfo
{
    private readonly record struct Known(ProfileCategory Category, string Label);

    private static readonly Dictionary<string, Known> KnownTypes = new(StringComparer.Ordinal)
    {
        ["process_cpu:cpu:nanoseconds:cpu:nanoseconds"] = new(ProfileCategory.CPU, "CPU time"),
        ["process_cpu:samples:count:cpu:nanoseconds"] = new(ProfileCategory.CPU, "CPU samples"),
        ["process_cpu:samples:count::milliseconds"] = new(ProfileCategory.CPU, "Process samples"),
        ["process_cpu:alloc_samples:count:cpu:nanoseconds"] = new(ProfileCategory.Memory, "Allocation samples"),
        ["process_cpu:alloc_size:bytes:cpu:nanoseconds"] = new(ProfileCategory.Memory, "Allocated size"),
        ["process_cpu:exception:count:cpu:nanoseconds"] = new(ProfileCategory.Exceptions, "Exceptions"),
        ["process_cpu:lock_count:count:cpu:nanoseconds"] = new(ProfileCategory.Lock, "Lock acquisitions"),
        ["process_cpu:lock_time:nanoseconds:cpu:nanoseconds"] = new(ProfileCategory.Lock, "Lock time"),
        ["memory:alloc_objects:count:space:bytes"] = new(ProfileCategory.Memory, "Allocated objects"),
        ["memory:alloc_space:bytes:space:bytes"] = new(ProfileCategory.Memory, "Allocated memory"),
        ["memory:inuse_objects:count:space:bytes"] = new(ProfileCategory.Memory, "In-use objects"),
        ["memory:inuse_space:bytes:space:bytes"] = new(ProfileCategory.Memory, "In-use memory"),
        ["memory:alloc_in_new_tlab_bytes:bytes::"] = new(ProfileCategory.Memory, "Allocated memory in TLABs"),
        ["memory:alloc_in_new_tlab_objects:count::"] = new(ProfileCategory.Memory, "Allocated objects in TLABs"),
        ["goroutine:goroutine:count:goroutine:count"] = new(ProfileCategory.Goroutines, "Goroutines"),
        ["goroutines:goroutine:count:goroutine:count"] = new(ProfileCategory.Goroutines, "Goroutines"),
        ["mutex:contentions:count:contentions:count"] = new(ProfileCategory.Mutex, "Mutex contentions"),
        ["mutex:delay:nanoseconds:contentions:count"] = new(ProfileCategory.Mutex, "Mutex wait time"),
        ["block:contentions:count:contentions:count"] = new(ProfileCategory.Block, "Block contentions"),
        ["block:delay:nanoseconds:contentions:count"] = new(ProfileCategory.Block, "Block wait time"),
    };

    /// <summary>The ids with a written label (the rest are described generically).</summary>
    public static IReadOnlyCollection<string> KnownIds => KnownTypes.Keys;

    public static bool IsKnown(string id) => KnownTypes.ContainsKey(id);

    public static ProfileTypeDescription Describe(ProfileTypeId id)
    {
        var key = id.ToString();
        var (category, label) = KnownTypes.TryGetValue(key, out var known)
            ? (known.Category, known.Label)
            : (CategoryOfName(id.Name), $"{id.Name} / {id.SampleType}");
        return new ProfileTypeDescription(key, id.Name, id.SampleType, id.SampleUnit, id.PeriodType, id.PeriodUnit,
            category.ToString(), label, UnitOf(id.SampleUnit), AggregationName(DefaultAggregation(id)));
    }

    /// <summary>Describes an id already checked by the caller (a source's answer or a validated parameter).</summary>
    public static ProfileTypeDescription Describe(string id) =>
        ProfileTypeId.TryParse(id, out var parsed) ? Describe(parsed) : throw new ArgumentException($"'{id}' is not a profile type id", nameof(id));

    public static ProfileCategory Category(ProfileTypeId id) =>
        KnownTypes.TryGetValue(id.ToString(), out var known) ? known.Category : CategoryOfName(id.Name);

    /// <summary>Snapshots (in-use memory, goroutines) average over time; everything else sums.</summary>
    public static TimeAggregation DefaultAggregation(ProfileTypeId id) => ProfileTypeMapping.AggregationOf(id.SampleType);

    public static string AggregationName(TimeAggregation aggregation) => aggregation == TimeAggregation.Average ? "average" : "sum";

    /// <summary>Grafana's unit id for values of a sample unit: durations and sizes scale, the rest are plain numbers.</summary>
    public static string UnitOf(string sampleUnit) => sampleUnit switch
    {
        "nanoseconds" => "ns",
        "microseconds" => "µs",
        "milliseconds" => "ms",
        "seconds" => "s",
        "bytes" => "bytes",
        _ => "short",
    };

    /// <summary>The group of a type no table lists, from the series name producers give it.</summary>
    private static ProfileCategory CategoryOfName(string name) => name switch
    {
        "process_cpu" or "cpu" or "wall" or "itimer" => ProfileCategory.CPU,
        "memory" or "heap" or "allocs" => ProfileCategory.Memory,
        "goroutine" or "goroutines" => ProfileCategory.Goroutines,
        "mutex" => ProfileCategory.Mutex,
        "block" => ProfileCategory.Block,
        "lock" => ProfileCategory.Lock,
        "exception" or "exceptions" => ProfileCategory.Exceptions,
        _ => ProfileCategory.Other,
    };
}
