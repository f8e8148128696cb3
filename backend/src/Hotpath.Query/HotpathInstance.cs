using Hotpath.Engine.Errors;
using Hotpath.Pyroscope.Client;
using Hotpath.Query.Routing;
using Hotpath.Query.Services;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using Hotpath.Query.Stores;

namespace Hotpath.Query;

/// <summary>
/// Everything built from one version of the app's settings: one source per configured data source.
/// Grafana's plugin host keeps one per org and replaces it when the settings change; the standalone
/// server has exactly one.
/// </summary>
/// <remarks>
/// The embedded store comes one of two ways. The standalone server opens it once from <c>--data</c>
/// and lends it (<see cref="HotpathInstance(HotpathSettings, IEmbeddedStore?, TimeProvider?, IEnumerable{IProfileSource}?, HttpClient?)"/>);
/// the instance never disposes it. Inside Grafana the instance leases the store of
/// <see cref="HotpathSettings.StorePath"/> from a process-wide <see cref="StoreRegistry"/> on first
/// use, and returns the lease when it closes.
/// <para>
/// Users are counted so that replacing an instance never pulls its store from under a request: the
/// owner holds one use (released by <see cref="DisposeAsync"/>), each request takes one with
/// <see cref="TryAddUser"/> and gives it back with <see cref="ReleaseUser"/>, and the instance
/// closes when the count reaches zero.
/// </para>
/// </remarks>
public sealed class HotpathInstance : IAsyncDisposable
{
    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient { Timeout = Timeout.InfiniteTimeSpan });

    private readonly Dictionary<string, IProfileSource> _sources;
    private readonly HashSet<string> _given = new(StringComparer.Ordinal);
    private readonly IEmbeddedStore? _lentStore;
    private readonly StoreRegistry? _stores;
    private readonly Lock _storeGate = new();
    private StoreLease? _lease;
    private int _users = 1;
    private int _ownerReleased;

    /// <param name="store">The embedded store when the host holds it open; null when none is open in this process.</param>
    /// <param name="sources">
    /// Sources the host built itself, by uid; they take the place of any built from the settings with
    /// the same uid (a test's Pyroscope source over a local server, for one).
    /// </param>
    /// <param name="http">Outbound client for the Pyroscope sources; null uses one shared by the process.</param>
#pragma warning disable RS0030 // The default for tests and tools that do not care about time; the standalone server passes its root's clock.
    public HotpathInstance(HotpathSettings settings, IEmbeddedStore? store = null, TimeProvider? time = null, IEnumerable<IProfileSource>? sources = null, HttpClient? http = null)
        : this(settings, store, null, time ?? TimeProvider.System, http ?? SharedHttp.Value, sources)
    {
    }
#pragma warning restore RS0030

    /// <summary>Inside Grafana: the embedded store is leased from <paramref name="stores"/> when a request first needs it.</summary>
    public HotpathInstance(HotpathSettings settings, StoreRegistry stores, TimeProvider time, HttpClient http)
        : this(settings, null, stores, time, http, null)
    {
    }

    private HotpathInstance(HotpathSettings settings, IEmbeddedStore? store, StoreRegistry? stores, TimeProvider time, HttpClient http, IEnumerable<IProfileSource>? given)
    {
        Settings = settings;
        Time = time;
        ServicesCache = new ServicesCache(time);
        _lentStore = store;
        _stores = stores;
        _sources = BuildSources(settings, store, time, http);
        foreach (var source in given ?? [])
        {
            _sources[source.Uid] = source;
            _given.Add(source.Uid);
        }
    }

    public HotpathSettings Settings { get; }

    /// <summary>The embedded store when one is open for this instance (lent, or leased by an earlier request).</summary>
    public IEmbeddedStore? Store
    {
        get
        {
            lock (_storeGate)
            {
                return _lentStore ?? _lease?.Store;
            }
        }
    }

    /// <summary>The clock every route reads "now" from.</summary>
    public TimeProvider Time { get; }

    /// <summary>True once the last user is gone and the store lease returned; the instance serves nothing more.</summary>
    public bool IsClosed => Volatile.Read(ref _users) == 0;

    /// <summary>The services list per source and rounded range; dropped with the instance when the settings change.</summary>
    public ServicesCache ServicesCache { get; }

    /// <summary>
    /// The source with <paramref name="uid"/>, or the default one when null. An unknown uid is the
    /// caller's mistake, reported against <paramref name="parameter"/>; an embedded store that does
    /// not open is the plugin's, with the reason.
    /// </summary>
    public IProfileSource Source(string? uid, string parameter = "datasource")
    {
        var key = uid ?? Settings.DefaultSource.Uid;
        lock (_storeGate)
        {
            if (_sources.TryGetValue(key, out var source))
            {
                return source;
            }
        }
        var configured = Settings.DataSources.FirstOrDefault(s => s.Uid == key);
        if (configured is null)
        {
            var known = string.Join(", ", Settings.DataSources.Select(s => s.Uid));
            throw ResourceError.BadParameter(parameter, $"no data source with uid '{key}'; configured: {known}");
        }
        return LeaseEmbedded(configured);
    }

    /// <summary>Takes one use for a request; false when the instance has already closed (ask the host for its successor).</summary>
    public bool TryAddUser()
    {
        while (true)
        {
            var users = Volatile.Read(ref _users);
            if (users == 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _users, users + 1, users) == users)
            {
                return true;
            }
        }
    }

    /// <summary>Gives a use back; the last one closes the instance and returns its store lease.</summary>
    public void ReleaseUser()
    {
        var left = Interlocked.Decrement(ref _users);
        if (left == 0)
        {
            lock (_storeGate)
            {
                if (_lease is not null)
                {
                    foreach (var s in LeasedUids())
                    {
                        _sources.Remove(s);
                    }
                    _lease.Dispose();
                    _lease = null;
                }
            }
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("a use of the instance was released twice");
        }
    }

    /// <summary>Releases the owner's use (once): the instance closes now, or when its last request ends.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _ownerReleased, 1) == 0)
        {
            ReleaseUser();
        }
        return ValueTask.CompletedTask;
    }

    private IProfileSource LeaseEmbedded(DataSourceSettings configured)
    {
        lock (_storeGate)
        {
            if (_sources.TryGetValue(configured.Uid, out var source))
            {
                return source;
            }
            if (_stores is null)
            {
                throw new ResourceError(ErrorKind.Plugin, $"data source '{configured.Uid}' is not available: the embedded store is not open in this process");
            }
            if (IsClosed)
            {
                throw new ResourceError(ErrorKind.Plugin, $"data source '{configured.Uid}' is not available: the app's settings were replaced while the request ran; try again");
            }
            if (_lease is null)
            {
                try
                {
                    _lease = _stores.Acquire(Settings.StorePath);
                }
                catch (SourceException e)
                {
                    // Not kept: the next request tries to open it again (a full disk or a permission may be fixed meanwhile).
                    throw new ResourceError(ErrorKind.Plugin, $"data source '{configured.Uid}' is not available: the embedded store at '{Settings.StorePath}' does not open: {e.Message}");
                }
            }
            // Every embedded source of the settings reads the one store at StorePath.
            foreach (var uid in LeasedUids())
            {
                _sources[uid] = _lease.Store.Source(uid);
            }
            return _sources[configured.Uid];
        }
    }

    /// <summary>The embedded sources that read the leased store (those the host gave are its own).</summary>
    private IEnumerable<string> LeasedUids() =>
        Settings.DataSources.Where(s => s.Kind == DataSourceKind.Embedded && !_given.Contains(s.Uid)).Select(s => s.Uid);

    private static Dictionary<string, IProfileSource> BuildSources(HotpathSettings settings, IEmbeddedStore? store, TimeProvider time, HttpClient http)
    {
        var sources = new Dictionary<string, IProfileSource>(StringComparer.Ordinal);
        foreach (var s in settings.DataSources)
        {
            if (s.Kind == DataSourceKind.Embedded && store is not null)
            {
                sources[s.Uid] = store.Source(s.Uid);
            }
            else if (s.Kind == DataSourceKind.Pyroscope)
            {
                sources[s.Uid] = new PyroscopeSource(s.Uid, new PyroscopeClient(http, Endpoint(s), time, ClientOptions(s)), time);
            }
        }
        return sources;
    }

    public static PyroscopeEndpoint Endpoint(DataSourceSettings source) =>
        new(source.Url!, source.Tenant, source.BasicAuthUser, source.BasicAuthPassword, source.BearerToken, source.Timeout);

    /// <summary>The total bound leaves room for a retry after one full per-call timeout, however long the source's timeout is.</summary>
    private static PyroscopeClientOptions ClientOptions(DataSourceSettings source)
    {
        var total = source.Timeout * 2 > PyroscopeClientOptions.Default.TotalTimeout ? source.Timeout * 2 : PyroscopeClientOptions.Default.TotalTimeout;
        return PyroscopeClientOptions.Default with { TotalTimeout = total };
    }
}
