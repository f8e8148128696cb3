using Hotpath.Query.Routing;
using Hotpath.Query.Services;
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
/// <param name="sources">
/// Sources the host built itself, by uid; they take the place of any built from the settings with
/// the same uid (a test's Pyroscope source over a local server, for one).
/// </param>
public sealed class HotpathInstance(HotpathSettings settings, ProfileStore? store = null, TimeProvider? time = null, IEnumerable<IProfileSource>? sources = null) : IAsyncDisposable
{
    private readonly Dictionary<string, IProfileSource> _sources = BuildSources(settings, store, sources);

    public HotpathSettings Settings { get; } = settings;

    public ProfileStore? Store { get; } = store;

    /// <summary>The clock every route reads "now" from.</summary>
    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    /// <summary>The services list per source and rounded range; dropped with the instance when the settings change.</summary>
    public ServicesCache ServicesCache { get; } = new(time ?? TimeProvider.System);

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

    private static Dictionary<string, IProfileSource> BuildSources(HotpathSettings settings, ProfileStore? store, IEnumerable<IProfileSource>? given)
    {
        var sources = new Dictionary<string, IProfileSource>(StringComparer.Ordinal);
        foreach (var s in settings.DataSources)
        {
            if (s.Kind == DataSourceKind.Embedded && store is not null)
            {
                sources[s.Uid] = new EmbeddedSource(s.Uid, store);
            }
        }
        foreach (var source in given ?? [])
        {
            sources[source.Uid] = source;
        }
        return sources;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
