using Hotpath.Query.Settings;
using Hotpath.Store.Storage;

namespace Hotpath.Query;

/// <summary>
/// Everything built from one version of the app's settings. Grafana's plugin host keeps one per
/// org and replaces it when the settings change; the standalone server has exactly one.
/// </summary>
/// <param name="store">
/// The embedded store when the host holds it open (the standalone server opens it once from
/// <c>--data</c> and disposes it on shutdown); null when no process-wide store is open. The
/// instance borrows it and never disposes it.
/// </param>
public sealed class HotpathInstance(HotpathSettings settings, ProfileStore? store = null) : IAsyncDisposable
{
    public HotpathSettings Settings { get; } = settings;

    public ProfileStore? Store { get; } = store;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
