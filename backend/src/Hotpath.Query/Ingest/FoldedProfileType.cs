namespace Hotpath.Query.Ingest;

/// <summary>
/// What a folded, lines, tree or trie upload measures, from the app name's last <c>.</c>-suffix
/// (<c>app.cpu</c>, <c>app.alloc_space</c>; no dot means cpu), as Pyroscope maps it.
/// </summary>
public sealed record FoldedProfileType(string Name, string SampleType, string SampleUnit)
{
    public bool IsTimeBased => Name is "process_cpu" or "wall";

    /// <exception cref="IngestException">400 <c>unknown profile type: &lt;suffix&gt;</c>.</exception>
    public static (string ServiceName, FoldedProfileType Type) FromAppName(string appName)
    {
        var dot = appName.LastIndexOf('.');
        var suffix = dot < 0 ? "cpu" : appName[(dot + 1)..];
        var service = dot < 0 ? appName : appName[..dot];
        FoldedProfileType? type = suffix switch
        {
            "cpu" or "itimer" => new("process_cpu", "samples", "count"),
            "wall" or "seconds" or "nanoseconds" or "microseconds" or "milliseconds" => new("wall", "samples", "count"),
            "inuse_objects" or "alloc_objects" => new("memory", suffix, "count"),
            "inuse_space" or "alloc_space" => new("memory", suffix, "bytes"),
            "goroutines" => new("goroutine", "goroutines", "count"),
            "mutex_count" => new("mutex", "contentions", "count"),
            "mutex_duration" => new("mutex", "delay", "nanoseconds"),
            "block_count" or "lock_count" => new("block", "contentions", "count"),
            "block_duration" or "lock_duration" => new("block", "delay", "nanoseconds"),
            "alloc_in_new_tlab_objects" or "alloc_outside_tlab_objects" or "live" => new("memory", suffix, "count"),
            "alloc_in_new_tlab_bytes" or "alloc_outside_tlab_bytes" => new("memory", suffix, "bytes"),
            "exceptions" => new("exceptions", "samples", "count"),
            "bytes" => new("memory", "samples", "bytes"),
            _ => null,
        };
        return type is null
            ? throw IngestException.BadParameter($"unknown profile type: {suffix}")
            : (service, type);
    }
}
