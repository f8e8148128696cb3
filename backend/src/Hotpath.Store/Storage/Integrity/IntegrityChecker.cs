using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage.Symbols;

namespace Hotpath.Store.Storage.Integrity;

/// <summary>What a full check of a store found. <see cref="Ok"/> when SQLite and every row agree.</summary>
public sealed record StoreCheckReport(string DatabasePath, string SqliteCheck, long Series, long Profiles, long Stacks, long Names, long Uploads, IReadOnlyList<string> Problems)
{
    public bool Ok => SqliteCheck == "ok" && Problems.Count == 0;

    public override string ToString() =>
        $"store database '{DatabasePath}': {Series} series, {Profiles} profiles, {Stacks} stacks, {Names} frame names, {Uploads} uploads; " +
        $"sqlite integrity_check: {SqliteCheck}; " +
        (Problems.Count == 0 ? "every row matches its checksum" : $"{Problems.Count} damaged row(s): {string.Join("; ", Problems)}");
}

/// <summary>
/// The full check behind <c>gpx_hotpath store check</c>, the scheduled check and
/// <see cref="ProfileStore.CheckAsync"/>: SQLite's <c>integrity_check</c> (pages, indexes against
/// tables), then every row against its checksum, every blob decoded, every referenced stack and name
/// present, and every profile's samples summing to its total. Runs on one read snapshot, so it can
/// run beside a writer. Reads the whole database: minutes for a large store.
/// </summary>
internal static class IntegrityChecker
{
    private const int MaxProblems = 50;

    public static StoreCheckReport Run(SqliteConnection db, string databasePath)
    {
        var sqlite = SqliteCheck(db);
        var problems = new List<string>();
        void Problem(string what)
        {
            if (problems.Count < MaxProblems)
            {
                problems.Add(what);
            }
        }
        // A damaged page SQLite reports ends the scan of that table; the other tables are still scanned.
        void Scan(string table, string sql, Action<SqliteStatement> row)
        {
            try
            {
                var s = db.Prepare(sql);
                while (s.Step())
                {
                    try
                    {
                        row(s);
                    }
                    catch (DamagedRowException e)
                    {
                        Problem(e.Message);
                    }
                }
            }
            catch (SqliteException e) when (e.Code is SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB)
            {
                Problem($"table {table}: {e.Message}");
            }
            finally
            {
                db.ResetAll();
            }
        }

        var series = new HashSet<long>();
        Scan("series", "SELECT id, profile_type, labels, crc FROM series", s =>
        {
            series.Add(s.Long(0));
            RowChecks.Series(s, 1, s.Long(0));
        });
        var names = new HashSet<long>();
        Scan("names", "SELECT id, name, crc FROM names", s =>
        {
            names.Add(s.Long(0));
            RowChecks.Name(s, 1, s.Long(0));
        });
        var stacks = new HashSet<long>();
        Scan("stacks", "SELECT id, hash, frames, crc FROM stacks", s =>
        {
            var id = s.Long(0);
            stacks.Add(id);
            foreach (var name in SymbolWriter.DecodeFrames(RowChecks.Frames(s, 1, id)))
            {
                if (!names.Contains(name))
                {
                    throw new DamagedRowException($"stack {id} names frame name {name}, which is missing");
                }
            }
        });
        long profiles = 0;
        var sums = new Dictionary<long, long>();
        Scan("profiles", $"SELECT id, series_id, {RowChecks.ProfileColumns}, head_crc FROM profiles", s =>
        {
            profiles++;
            var id = s.Long(0);
            var seriesId = s.Long(1);
            var samples = RowChecks.Samples(s, 2, seriesId);
            if (Checksums.ProfileHead(seriesId, s.Long(2), s.Long(5)) != s.Long(8))
            {
                throw new DamagedRowException($"profile {id}: its index checksum does not match its columns");
            }
            if (!series.Contains(seriesId))
            {
                throw new DamagedRowException($"profile {id} belongs to series {seriesId}, which is missing");
            }
            sums.Clear();
            SampleRows.AddTo(samples, sums);
            long total = 0;
            foreach (var (stack, value) in sums)
            {
                if (!stacks.Contains(stack))
                {
                    throw new DamagedRowException($"profile {id} uses stack {stack}, which is missing");
                }
                total += value;
            }
            if (total != s.Long(5))
            {
                throw new DamagedRowException($"profile {id}: its samples sum to {total}, its total says {s.Long(5)}");
            }
        });
        long uploads = 0;
        Scan("adhoc_profiles", "SELECT id, body, crc FROM adhoc_profiles", s =>
        {
            uploads++;
            RowChecks.Upload(s, 1, s.Text(0));
        });
        return new StoreCheckReport(databasePath, sqlite, series.Count, profiles, stacks.Count, names.Count, uploads, problems);
    }

    private static string SqliteCheck(SqliteConnection db)
    {
        var lines = new List<string>();
        var s = db.Prepare("PRAGMA integrity_check(20)");
        while (s.Step())
        {
            lines.Add(s.Text(0));
        }
        s.Reset();
        return lines.Count == 0 ? "no result" : string.Join("; ", lines);
    }
}
