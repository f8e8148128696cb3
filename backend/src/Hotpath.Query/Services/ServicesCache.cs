using Hotpath.Engine.Selection;

namespace Hotpath.Query.Services;

/// <summary>
/// The service list per (source, range rounded down to 10 s), as Explore Profiles caches it: the All
/// services grid and the pickers ask for it on every navigation, and a label scan over the whole
/// range is the most expensive call they make. Empty answers are never stored (data may be arriving).
/// Bounded: at most <see cref="Capacity"/> entries, least recently used evicted first, each kept for
/// <see cref="Lifetime"/> so late-arriving profiles show up. Time comes from the instance's clock.
/// </summary>
public sealed class ServicesCache(TimeProvider time, int capacity = 256, TimeSpan? lifetime = null)
{
    /// <summary>Ranges are rounded down to this, so a moving "last hour" hits the cache for 10 s.</summary>
    public const long RoundingMs = 10_000;

    private readonly record struct Key(string SourceUid, long FromMs, long ToMs);

    private sealed record Entry(Key Key, ServiceList Value, DateTimeOffset StoredAt);

    private readonly object _gate = new();
    private readonly Dictionary<Key, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public TimeSpan Lifetime { get; } = lifetime ?? TimeSpan.FromMinutes(1);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// The range a cache key stands for: the start rounded down and the end rounded up to 10 s (never
    /// below 1 ms), so the rounded range always covers the asked one and a range inside one 10 s
    /// window is never empty.
    /// </summary>
    public static TimeRange Round(TimeRange range) =>
        new(Math.Max(1, range.StartMs / RoundingMs * RoundingMs), Math.Max(1, (range.EndMs + RoundingMs - 1) / RoundingMs * RoundingMs));

    /// <summary>
    /// The cached list for the source and rounded range, or <paramref name="load"/>'s answer for the
    /// rounded range (stored when not empty). Concurrent misses may both load; the answers are equal.
    /// </summary>
    public async Task<ServiceList> GetOrLoadAsync(string sourceUid, TimeRange range, Func<TimeRange, Task<ServiceList>> load)
    {
        var rounded = Round(range);
        var key = new Key(sourceUid, rounded.StartMs, rounded.EndMs);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (now - node.Value.StoredAt < Lifetime)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    return node.Value.Value;
                }
                _recency.Remove(node);
                _entries.Remove(key);
            }
        }
        var value = await load(rounded).ConfigureAwait(false);
        if (value.Services.Count == 0)
        {
            return value;
        }
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                _recency.Remove(existing);
                _entries.Remove(key);
            }
            _entries[key] = _recency.AddFirst(new Entry(key, value, now));
            while (_entries.Count > Capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }
        }
        return value;
    }
}
