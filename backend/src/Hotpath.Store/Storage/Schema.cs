using System.Globalization;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage.Integrity;
using Hotpath.Store.UserData;

namespace Hotpath.Store.Storage;

/// <summary>The store's tables (documented in docs/store.md). Version bumps need a migration.</summary>
internal static class Schema
{
    // 1: profiles, series, stacks, names. 2: adds the user-data tables (UserDataSchema).
    // 3: a CRC-32C beside every row that a query reads (Checksums); the covering index of
    //    SelectSeries carries the check of the columns it answers from.
    public const int Version = 3;

    // Ids of profiles, stacks and names are AUTOINCREMENT: never reused after a delete, which the
    // symbol collector (ids written after its snapshot are above its maxima) and the query-side
    // caches (an id always means the same stack) rely on.
    // auto_vacuum must be chosen before the first table exists; INCREMENTAL lets retention give
    // freed pages back to the file system.
    public const string Pragmas = """
        PRAGMA auto_vacuum=INCREMENTAL;
        PRAGMA journal_mode=WAL;
        PRAGMA synchronous=FULL;
        PRAGMA foreign_keys=OFF;
        """;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS series(
            id INTEGER PRIMARY KEY,
            profile_type TEXT NOT NULL,
            labels TEXT NOT NULL UNIQUE,
            crc INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS names(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            crc INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS stacks(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            hash INTEGER NOT NULL,
            frames BLOB NOT NULL,
            crc INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS stacks_by_hash ON stacks(hash);
        CREATE TABLE IF NOT EXISTS profiles(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            series_id INTEGER NOT NULL,
            time_ns INTEGER NOT NULL,
            duration_ns INTEGER NOT NULL,
            period INTEGER NOT NULL,
            total INTEGER NOT NULL,
            samples BLOB NOT NULL,
            crc INTEGER NOT NULL DEFAULT 0,
            head_crc INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS profiles_by_time ON profiles(time_ns);
        """;

    // Created after a migration added head_crc (an older store has the same index name without it).
    private const string SeriesTimeIndex =
        "CREATE INDEX IF NOT EXISTS profiles_by_series_time ON profiles(series_id, time_ns, total, head_crc);";

    /// <summary>
    /// Brings a store of an older version up to <see cref="Version"/> in one transaction, records the
    /// version, and refuses a store newer than this build. Version 1 → 2 adds tables; 2 → 3 adds the
    /// checksum columns and computes them from the rows as they are (the open ran quick_check on
    /// such a store first, so what is checksummed is what SQLite could read).
    /// </summary>
    public static void Migrate(SqliteConnection db, string path)
    {
        var text = db.ScalarText("SELECT value FROM meta WHERE key = 'schema_version'");
        var found = Version;
        if (text is not null && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out found) || found > Version || found < 1))
        {
            throw new StoreCorruptException($"store database '{path}' has schema version {text}; this build reads versions 1 to {Version}");
        }
        if (text is not null && found == Version)
        {
            // Nothing to do, and nothing written: a store on a full disk still opens.
            return;
        }
        db.Execute("BEGIN IMMEDIATE");
        try
        {
            db.Execute(UserDataSchema.Create);
            if (text is not null && found < 3)
            {
                AddChecksums(db, uploadsHadNoChecksum: found == 2);
            }
            db.Execute(SeriesTimeIndex);
            db.Prepare("INSERT INTO meta(key, value) VALUES ('schema_version', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
                .Bind(1, Version.ToString(CultureInfo.InvariantCulture)).Run();
            db.Execute("COMMIT");
        }
        catch
        {
            db.Execute("ROLLBACK");
            throw;
        }
    }

    /// <summary>The schema version recorded in the store, or null for a new database.</summary>
    public static int? StoredVersion(SqliteConnection db)
    {
        var exists = db.ScalarLong("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'") > 0;
        return exists && int.TryParse(db.ScalarText("SELECT value FROM meta WHERE key = 'schema_version'"), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    private static void AddChecksums(SqliteConnection db, bool uploadsHadNoChecksum)
    {
        db.Execute("""
            ALTER TABLE series ADD COLUMN crc INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE names ADD COLUMN crc INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE stacks ADD COLUMN crc INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE profiles ADD COLUMN crc INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE profiles ADD COLUMN head_crc INTEGER NOT NULL DEFAULT 0;
            DROP INDEX IF EXISTS profiles_by_series_time;
            """);
        if (uploadsHadNoChecksum)
        {
            // A version-1 store got the table just now, already with the column.
            db.Execute("ALTER TABLE adhoc_profiles ADD COLUMN crc INTEGER NOT NULL DEFAULT 0");
        }
        Fill(db, "SELECT id, profile_type, labels FROM series", "UPDATE series SET crc = ?2 WHERE id = ?1",
            (s, u) => u.Bind(2, Checksums.Series(s.Text(1), s.Text(2))));
        Fill(db, "SELECT id, name FROM names", "UPDATE names SET crc = ?2 WHERE id = ?1",
            (s, u) => u.Bind(2, Checksums.Name(s.Text(1))));
        Fill(db, "SELECT id, hash, frames FROM stacks", "UPDATE stacks SET crc = ?2 WHERE id = ?1",
            (s, u) => u.Bind(2, Checksums.Stack(s.Long(1), s.Blob(2))));
        Fill(db, "SELECT id, series_id, time_ns, duration_ns, period, total, samples FROM profiles",
            "UPDATE profiles SET crc = ?2, head_crc = ?3 WHERE id = ?1",
            (s, u) => u.Bind(2, Checksums.Profile(s.Long(1), s.Long(2), s.Long(3), s.Long(4), s.Long(5), s.Blob(6)))
                .Bind(3, Checksums.ProfileHead(s.Long(1), s.Long(2), s.Long(5))));
        var uploads = db.Prepare("SELECT id, body FROM adhoc_profiles");
        var update = db.Prepare("UPDATE adhoc_profiles SET crc = ?2 WHERE id = ?1");
        while (uploads.Step())
        {
            update.Reset();
            update.Bind(1, uploads.Text(0)).Bind(2, Checksums.Upload(uploads.Blob(1))).Run();
        }
        uploads.Reset();
    }

    // Updating the rows a running SELECT walks is safe in SQLite when only non-key columns change.
    private static void Fill(SqliteConnection db, string select, string updateSql, Action<SqliteStatement, SqliteStatement> bind)
    {
        var rows = db.Prepare(select);
        var update = db.Prepare(updateSql);
        while (rows.Step())
        {
            update.Reset();
            update.Bind(1, rows.Long(0));
            bind(rows, update);
            update.Run();
        }
        rows.Reset();
    }
}
