using Hotpath.Query.Routing;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
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
public sealed class HotpathInstance(HotpathSettings settings, ProfileStore? store = null, TimeProvider? time = null) : IAsyncDisposable
{
    private readonly Dictionary<string, IProfileSource> _sources = BuildSources(settings, store);

    /// <summary>
    /// An instance that also serves <paramref name="sources"/> (by their uids) beside those built from
    /// the settings: for tests that put a route over a source built elsewhere.
    /// </summary>
    internal HotpathInstance(HotpathSettings settings, ProfileStore? store, TimeProvider? time, IEnumerable<IProfileSource> sources)
        : this(settings, store, time)
    {
        foreach (var source in sources)
        {
            _sources[source.Uid] = source;
        }
    }

    public HotpathSettings Settings { get; } = settings;

    public ProfileStore? Store { get; } = store;

    /// <summary>The clock every route reads "now" from.</summary>
    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    /// <summary>
    /// The source with <paramref name="uid"/>, or the default one when null. An unknown uid is the
    /// caller's mistake, reported against <paramref name="parameter"/>.
    /// </summary>
    public IProfileSource Source(string? uid, string parameter = "datasource")
    {
        var key = uid ?? Settings.DefaultSource.Uid;
        if (_sources.TryGetValue(key, out var source))
        {
            return source;
        }
        if (Settings.DataSources.Any(s => s.Uid == key))
        {
            throw new ResourceError(ErrorKind.Plugin, $"data source '{key}' is not available: the embedded store is not open in this process");
        }
        var known = string.Join(", ", Settings.DataSources.Select(s => s.Uid));
        throw ResourceError.BadParameter(parameter, $"no data source with uid '{key}'; configured: {known}");
    }

    private static Dictionary<string, IProfileSource> BuildSources(HotpathSettings settings, ProfileStore? store)
    {
        var sources = new Dictionary<string, IProfileSource>(StringComparer.Ordinal);
        foreach (var s in settings.DataSources)
        {
            if (s.Kind == DataSourceKind.Embedded && store is not null)
            {
                sources[s.Uid] = new EmbeddedSource(s.Uid, store);
            }
        }
        return sources;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
