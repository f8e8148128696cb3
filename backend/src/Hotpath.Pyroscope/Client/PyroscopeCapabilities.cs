namespace Hotpath.Pyroscope.Client;

/// <summary>
/// What the source has shown it supports. Starts unknown (null) and is learned from answers, so a
/// server without an RPC costs one refused call, after which the caller uses its fallback silently.
/// </summary>
public sealed class PyroscopeCapabilities
{
    private volatile int _diff; // 0 unknown, 1 yes, 2 no

    /// <summary>Whether the source answers <c>Diff</c>; false means: compute the diff from two merges.</summary>
    public bool? SupportsDiff => _diff switch { 1 => true, 2 => false, _ => null };

    internal void SetDiff(bool supported) => _diff = supported ? 1 : 2;
}
