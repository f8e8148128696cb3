namespace Hotpath.Store.Storage;

/// <summary>The store's tables (documented in docs/store.md). Version bumps need a migration.</summary>
internal static class Schema
{
    public const int Version = 1;

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
}
