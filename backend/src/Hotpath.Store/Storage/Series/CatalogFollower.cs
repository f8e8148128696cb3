using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage.Integrity;

namespace Hotpath.Store.Storage.Series;

/// <summary>
/// Keeps a read-only store's in-memory series catalog up to date with what the writer — another
/// process — commits. Before each query, on the query's own snapshot, three O(log n) lookups
/// (newest series id, newest profile id, retention generation) tell whether anything changed; new
/// series and the time span of new profiles are then read incrementally, and after a retention
/// sweep deleted profiles (the writer bumps <c>meta.retention_generation</c>) the catalog is
/// reloaded whole. Snapshots older than what was already applied change nothing.
/// </summary>
internal sealed class CatalogFollower(SeriesCatalog catalog)
{
    private readonly Lock _gate = new();
    private long _maxSeriesId;
    private long _maxProfileId;
    private long _generation;

    public const string GenerationKey = "retention_generation";

    /// <summary>Records what a freshly loaded catalog covers (on the load's connection and snapshot).</summary>
    public void Loaded(SqliteConnection db)
    {
        (_maxSeriesId, _maxProfileId, _generation) = Marks(db);
    }

    public void CatchUp(SqliteConnection db)
    {
        var (series, profiles, generation) = Marks(db);
        if (series == Volatile.Read(ref _maxSeriesId) && profiles == Volatile.Read(ref _maxProfileId) && generation == Volatile.Read(ref _generation))
        {
            return;
        }
        lock (_gate)
        {
            if (generation > _generation)
            {
                catalog.ReplaceAll(ProfileStore.ReadSeries(db));
                (_maxSeriesId, _maxProfileId, _generation) = (series, profiles, generation);
                return;
            }
            if (generation < _generation || profiles < _maxProfileId || series < _maxSeriesId)
            {
                return;
            }
            var added = new List<SeriesEntry>();
            var s = db.Prepare("SELECT id, profile_type, labels, crc FROM series WHERE id > ?1 AND id <= ?2").Bind(1, _maxSeriesId).Bind(2, series);
            while (s.Step())
            {
                var (type, labels) = RowChecks.Series(s, 1, s.Long(0));
                added.Add(new SeriesEntry(s.Long(0), type, Labels.LabelSet.Parse(labels)));
            }
            catalog.Publish(added);
            var byId = catalog.All.ToDictionary(e => e.Id);
            var spans = db.Prepare("SELECT series_id, min(time_ns), max(time_ns) FROM profiles WHERE id > ?1 AND id <= ?2 GROUP BY series_id")
                .Bind(1, _maxProfileId).Bind(2, profiles);
            while (spans.Step())
            {
                if (byId.TryGetValue(spans.Long(0), out var e))
                {
                    e.Extend(spans.Long(1));
                    e.Extend(spans.Long(2));
                }
            }
            db.ResetAll();
            Volatile.Write(ref _maxSeriesId, series);
            Volatile.Write(ref _maxProfileId, profiles);
        }
    }

    private static (long Series, long Profiles, long Generation) Marks(SqliteConnection db) => (
        db.ScalarLong("SELECT coalesce(max(id), 0) FROM series"),
        db.ScalarLong("SELECT coalesce(max(id), 0) FROM profiles"),
        db.ScalarLong($"SELECT coalesce(CAST(value AS INTEGER), 0) FROM meta WHERE key = '{GenerationKey}'"));
}
