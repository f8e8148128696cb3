using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage.Integrity;
using Hotpath.Store.Storage.Series;
using Hotpath.Store.Storage.Symbols;

namespace Hotpath.Store.Storage.Writing;

/// <summary>
/// The writer thread's view of the database inside one transaction: series creation, symbol
/// interning, profile rows, retention. Changes to in-memory state are staged until commit.
/// </summary>
internal sealed class WriterContext(SqliteConnection db, SeriesCatalog catalog, StoreOptions options)
{
    private readonly SymbolWriter _symbols = new(db);
    private readonly Dictionary<string, SeriesEntry> _newSeries = new(StringComparer.Ordinal);
    private readonly List<(SeriesEntry Series, long TimeNs)> _extents = [];
    private HashSet<long>? _removedSeries;
    private Dictionary<long, (long Min, long Max)>? _resetExtents;
    private bool _symbolsCollected;
    private int? _activeSeries;

    public SqliteConnection Db => db;

    public long WriteProfile(PreparedProfile p, ref int newSeries)
    {
        var series = SeriesFor(p, ref newSeries);
        var nameIds = _symbols.MapNames(p.Stacks.Names);
        var stacks = p.Stacks;
        var rows = new List<(long Stack, long Value)>(stacks.Count);
        long total = 0;
        var buffer = new long[64];
        for (var s = 0; s < stacks.Count; s++)
        {
            var value = stacks.ValueOf(s);
            if (value == 0)
            {
                continue;
            }
            var local = stacks.FramesOf(s);
            if (buffer.Length < local.Length)
            {
                buffer = new long[local.Length * 2];
            }
            for (var f = 0; f < local.Length; f++)
            {
                buffer[f] = nameIds[local[f]];
            }
            rows.Add((_symbols.StackId(buffer.AsSpan(0, local.Length)), value));
            total += value;
        }
        rows.Sort((a, b) => a.Stack.CompareTo(b.Stack));
        var ids = new long[rows.Count];
        var values = new long[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            ids[i] = rows[i].Stack;
            values[i] = rows[i].Value;
        }
        var samples = SampleRows.Encode(ids, values);
        db.Prepare("INSERT INTO profiles(series_id, time_ns, duration_ns, period, total, samples, crc, head_crc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
            .Bind(1, series.Id).Bind(2, p.TimeNs).Bind(3, p.DurationNs).Bind(4, p.Period).Bind(5, total).Bind(6, samples)
            .Bind(7, Checksums.Profile(series.Id, p.TimeNs, p.DurationNs, p.Period, total, samples))
            .Bind(8, Checksums.ProfileHead(series.Id, p.TimeNs, total)).Run();
        _extents.Add((series, p.TimeNs));
        return db.LastInsertRowId;
    }

    private SeriesEntry SeriesFor(PreparedProfile p, ref int newSeries)
    {
        var canonical = p.Labels.Canonical;
        if (catalog.TryGet(canonical, out var known) || _newSeries.TryGetValue(canonical, out known))
        {
            return known;
        }
        if (options.MaxSeries is { } limit)
        {
            // Counted once per transaction: the catalog changes only when it commits.
            var cutoffNs = (options.Time.GetUtcNow() - options.ActiveSeriesWindow).ToUnixTimeMilliseconds() * 1_000_000;
            _activeSeries ??= catalog.All.Count(e => e.MaxTimeNs >= cutoffNs);
            var active = _activeSeries.Value + _newSeries.Count;
            if (active >= limit)
            {
                throw new SeriesLimitException(active, limit);
            }
        }
        db.Prepare("INSERT INTO series(profile_type, labels, crc) VALUES (?1, ?2, ?3)")
            .Bind(1, p.ProfileType).Bind(2, canonical).Bind(3, Checksums.Series(p.ProfileType, canonical)).Run();
        var entry = new SeriesEntry(db.LastInsertRowId, p.ProfileType, p.Labels);
        _newSeries.Add(canonical, entry);
        newSeries++;
        return entry;
    }

    /// <summary>Deletes by age, then oldest-first by size; drops series left without profiles.</summary>
    public RetentionReport Sweep()
    {
        var before = UsedBytes();
        long deleted = 0;
        if (options.MaxAge is { } maxAge)
        {
            var cutoffNs = (options.Time.GetUtcNow() - maxAge).ToUnixTimeMilliseconds() * 1_000_000;
            db.Prepare("DELETE FROM profiles WHERE time_ns < ?1").Bind(1, cutoffNs).Run();
            deleted += db.ScalarLong("SELECT changes()");
        }
        if (options.MaxBytes is { } maxBytes)
        {
            while (UsedBytes() > maxBytes)
            {
                var count = db.ScalarLong("SELECT count(*) FROM profiles");
                if (count == 0)
                {
                    break;
                }
                // Oldest first, a twentieth at a time: few rounds, little overshoot.
                db.Prepare("DELETE FROM profiles WHERE id IN (SELECT id FROM profiles ORDER BY time_ns LIMIT ?1)")
                    .Bind(1, Math.Max(1, count / 20)).Run();
                deleted += db.ScalarLong("SELECT changes()");
            }
        }
        long deletedSeries = 0;
        if (deleted > 0)
        {
            // Tells read-only stores in other processes to reload their series catalog.
            db.Execute($"INSERT INTO meta(key, value) VALUES ('{CatalogFollower.GenerationKey}', '1') " +
                "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1");
            _removedSeries = [];
            var empty = db.Prepare("SELECT id FROM series WHERE NOT EXISTS (SELECT 1 FROM profiles WHERE series_id = series.id)");
            while (empty.Step())
            {
                _removedSeries.Add(empty.Long(0));
            }
            db.Execute("DELETE FROM series WHERE NOT EXISTS (SELECT 1 FROM profiles WHERE series_id = series.id)");
            deletedSeries = _removedSeries.Count;
            _resetExtents = [];
            var spans = db.Prepare("SELECT series_id, min(time_ns), max(time_ns) FROM profiles GROUP BY series_id");
            while (spans.Step())
            {
                _resetExtents[spans.Long(0)] = (spans.Long(1), spans.Long(2));
            }
        }
        if (deleted > 0)
        {
            // Give freed pages back to the file system (auto_vacuum=INCREMENTAL).
            db.Execute("PRAGMA incremental_vacuum");
        }
        // Ad hoc uploads expire by their own time, whatever the profile retention is.
        var expiredUploads = UserData.UserDataStore.DeleteExpired(db, options.Time.GetUtcNow().ToUnixTimeMilliseconds());
        return new RetentionReport(deleted, deletedSeries, before, UsedBytes()) { DeletedAdhocProfiles = expiredUploads };
    }

    public (long Stacks, long Names) CollectSymbols(SymbolMarks marks)
    {
        var deleted = SymbolCollector.Sweep(db, marks);
        if (deleted.Stacks + deleted.Names > 0)
        {
            _symbolsCollected = true;
            db.Execute("PRAGMA incremental_vacuum");
        }
        return deleted;
    }

    public long UsedBytes() =>
        (db.ScalarLong("PRAGMA page_count") - db.ScalarLong("PRAGMA freelist_count")) * db.ScalarLong("PRAGMA page_size");

    public void Committed()
    {
        _symbols.Committed();
        if (_symbolsCollected)
        {
            // Cached ids may name deleted rows now; the caches refill from the tables.
            _symbols.Forget();
        }
        catalog.Publish(_newSeries.Values);
        foreach (var (series, time) in _extents)
        {
            series.Extend(time);
        }
        if (_removedSeries is not null)
        {
            catalog.Remove(_removedSeries);
        }
        if (_resetExtents is not null)
        {
            foreach (var e in catalog.All)
            {
                if (_resetExtents.TryGetValue(e.Id, out var span))
                {
                    e.Reset(span.Min, span.Max);
                }
            }
        }
        Clear();
    }

    public void RolledBack()
    {
        _symbols.RolledBack();
        Clear();
    }

    private void Clear()
    {
        _newSeries.Clear();
        _extents.Clear();
        _removedSeries = null;
        _resetExtents = null;
        _symbolsCollected = false;
        _activeSeries = null;
    }
}
