using Hotpath.Query.Settings;

namespace Hotpath.Query;

/// <summary>
/// Everything built from one version of the app's settings. Grafana's plugin host keeps one per
/// org and replaces it when the settings change; the standalone server has exactly one.
/// </summary>
public sealed class HotpathInstance(HotpathSettings settings) : IAsyncDisposable
{
    public HotpathSettings Settings { get; } = settings;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
