namespace Hotpath.Pyroscope.Client;

/// <summary>
/// What the source has shown it supports. Each starts unknown (null) and is learned from answers,
/// so a server without an RPC costs one refused call, after which the caller uses its fallback
/// silently. Older Pyroscope versions lack <c>Diff</c>, <c>GetProfileStats</c> or <c>ProfileTypes</c>.
/// </summary>
public sealed class PyroscopeCapabilities
{
    private volatile int _diff; // 0 unknown, 1 yes, 2 no
    private volatile int _profileTypes;
    private volatile int _profileStats;

    /// <summary>Whether the source answers <c>Diff</c>; false means: compute the diff from two merges.</summary>
    public bool? SupportsDiff => Read(_diff);

    /// <summary>Whether the source answers <c>ProfileTypes</c>; false means: read <c>__profile_type__</c> from <c>Series</c>.</summary>
    public bool? SupportsProfileTypes => Read(_profileTypes);

    /// <summary>Whether the source answers <c>GetProfileStats</c>; false means: derive the stats from series.</summary>
    public bool? SupportsProfileStats => Read(_profileStats);

    internal void SetDiff(bool supported) => _diff = supported ? 1 : 2;

    internal void SetProfileTypes(bool supported) => _profileTypes = supported ? 1 : 2;

    internal void SetProfileStats(bool supported) => _profileStats = supported ? 1 : 2;

    private static bool? Read(int state) => state switch { 1 => true, 2 => false, _ => null };
}
