using System.Globalization;
using Hotpath.Store.Sqlite;
using Hotpath.Store.UserData;

namespace Hotpath.Store.Storage;

/// <summary>The store's tables (documented in docs/store.md). Version bumps need a migration.</summary>
internal static class Schema
{
    // 1: profiles, series, stacks, names. 2: adds the user-data tables (UserDataSchema).
    public const int Version = 2;

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
            labels TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS names(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS stacks(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            hash INTEGER NOT NULL,
            frames BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS stacks_by_hash ON stacks(hash);
        CREATE TABLE IF NOT EXISTS profiles(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            series_id INTEGER NOT NULL,
            time_ns INTEGER NOT NULL,
            duration_ns INTEGER NOT NULL,
            period INTEGER NOT NULL,
            total INTEGER NOT NULL,
            samples BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS profiles_by_series_time ON profiles(series_id, time_ns, total);
        CREATE INDEX IF NOT EXISTS profiles_by_time ON profiles(time_ns);
        """;

    /// <summary>
    /// Brings a store of an older version up to <see cref="Version"/> (every step only adds tables,
    /// so it runs inside the open's own statements), records the version, and refuses a newer store.
    /// </summary>
    public static void Migrate(SqliteConnection db, string path)
    {
        var text = db.ScalarText("SELECT value FROM meta WHERE key = 'schema_version'");
        if (text is not null && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var found) || found > Version || found < 1))
        {
            throw new StoreCorruptException($"store database '{path}' has schema version {text}; this build reads versions 1 to {Version}");
        }
        db.Execute("BEGIN IMMEDIATE");
        try
        {
            db.Execute(UserDataSchema.Create);
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
}
