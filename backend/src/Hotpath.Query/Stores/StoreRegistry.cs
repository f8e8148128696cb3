using Hotpath.Query.Sources;

namespace Hotpath.Query.Stores;

/// <summary>
/// Opens each embedded store folder once per process and shares it: inside Grafana every org's
/// instance (and every instance that replaces one after a settings change) leases the store of its
/// <c>storePath</c> from here, and the store closes when the last lease is returned. A store is
/// never opened twice at once, and never closed while a lease on it is held.
/// </summary>
/// <param name="open">Opens a folder's store; by default <see cref="EmbeddedStore.OpenShared"/>.</param>
public sealed class StoreRegistry(Func<string, IEmbeddedStore>? open = null) : IDisposable
{
    private readonly Func<string, IEmbeddedStore> _open = open ?? (path => EmbeddedStore.OpenShared(path));
    private readonly Dictionary<string, Entry> _stores = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _disposed;

    private sealed class Entry(IEmbeddedStore store)
    {
        public IEmbeddedStore Store { get; } = store;
        public int Leases { get; set; }
    }

    /// <summary>
    /// A lease on the store in <paramref name="path"/>, opening it when no lease is held. Opening
    /// failures (a <see cref="SourceException"/> naming the reason) propagate and nothing is kept,
    /// so the next call tries again.
    /// </summary>
    public StoreLease Acquire(string path)
    {
        var key = Key(path);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_stores.TryGetValue(key, out var entry))
            {
                entry = new Entry(_open(key));
                _stores.Add(key, entry);
            }
            entry.Leases++;
            return new StoreLease(this, key, entry.Store);
        }
    }

    /// <summary>Stores open now.</summary>
    public int OpenCount
    {
        get
        {
            lock (_gate)
            {
                return _stores.Count;
            }
        }
    }

    /// <summary>Leases held on the store of <paramref name="path"/> (0 when it is closed).</summary>
    public int LeasesOn(string path)
    {
        lock (_gate)
        {
            return _stores.TryGetValue(Key(path), out var entry) ? entry.Leases : 0;
        }
    }

    internal void Release(string key)
    {
        lock (_gate)
        {
            if (!_stores.TryGetValue(key, out var entry))
            {
                return;
            }
            entry.Leases--;
            if (entry.Leases == 0)
            {
                _stores.Remove(key);
                // Closed under the lock: an Acquire of the same folder waits and then opens it afresh,
                // so two stores never hold the folder at once.
                entry.Store.Dispose();
            }
        }
    }

    /// <summary>Closes every store (process shutdown), whatever leases remain.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var entry in _stores.Values)
            {
                entry.Store.Dispose();
            }
            _stores.Clear();
        }
    }

    /// <summary>One folder, however it was written: absolute, without a trailing separator.</summary>
    private static string Key(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}

/// <summary>A held reference to a shared store; disposing returns it (once).</summary>
public sealed class StoreLease : IDisposable
{
    private readonly StoreRegistry _registry;
    private readonly string _key;
    private int _released;

    internal StoreLease(StoreRegistry registry, string key, IEmbeddedStore store)
    {
        _registry = registry;
        _key = key;
        Store = store;
    }

    public IEmbeddedStore Store { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _registry.Release(_key);
        }
    }
}
