using Hotpath.Store.Sqlite;

namespace Hotpath.Store.Storage.Integrity;

/// <summary>
/// The clean-shutdown marker, kept inside the database file itself: <c>meta.run_state</c> is set to
/// <c>open</c> when a writer opens the store — and checkpointed into the database file at once, so
/// no later loss of the write-ahead log can take it back — and to <c>closed</c> only by a clean
/// close, in the close's final transaction. An open that finds anything but <c>closed</c> knows
/// the last writer stopped uncleanly (kill -9, power loss, or a WAL truncated or deleted after
/// one) and checks the database before serving it. The old rule — "no WAL left, so the stop was
/// clean" — could not tell a truncated WAL from a checkpointed one.
/// </summary>
internal static class CleanShutdown
{
    private const string Key = "run_state";

    /// <summary>Whether the last writer closed the store cleanly (false for a store that never recorded it).</summary>
    public static bool LastStopWasClean(SqliteConnection db) =>
        db.ScalarLong("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'") > 0
        && db.ScalarText($"SELECT value FROM meta WHERE key = '{Key}'") == "closed";

    /// <summary>Records that a writer has the store open and makes that durable in the database file.</summary>
    public static void MarkOpen(SqliteConnection db)
    {
        Set(db, "open");
        // Into the database file now: a WAL lost later must not leave "closed" behind.
        db.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    /// <summary>The clean close's last write (the caller checkpoints afterwards).</summary>
    public static void MarkClosed(SqliteConnection db) => Set(db, "closed");

    private static void Set(SqliteConnection db, string state) =>
        db.Prepare($"INSERT INTO meta(key, value) VALUES ('{Key}', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value").Bind(1, state).Run();
}
