using Hotpath.Store.Sqlite;
using SQLitePCL;

namespace Hotpath.Store.Storage;

/// <summary>Turns what SQLite and the row decoders throw into the store's typed exceptions, naming the database.</summary>
internal static class StoreErrors
{
    public static Exception Translate(Exception e, string databasePath) => e switch
    {
        DamagedRowException or InvalidDataException => Corrupt(databasePath, e.Message, e),
        SqliteException { Code: raw.SQLITE_CORRUPT or raw.SQLITE_NOTADB } => Corrupt(databasePath, e.Message, e),
        SqliteException { Code: raw.SQLITE_FULL } => Full(databasePath, e),
        _ => e,
    };

    /// <summary>
    /// An I/O error while opening on a disk with (almost) no space left is a full disk: SQLite
    /// reports the -shm it cannot grow as SQLITE_IOERR, not SQLITE_FULL.
    /// </summary>
    public static Exception TranslateAtOpen(Exception e, string databasePath) =>
        e is SqliteException { Code: raw.SQLITE_IOERR } && DiskNearlyFull(databasePath) ? Full(databasePath, e) : Translate(e, databasePath);

    private static bool DiskNearlyFull(string databasePath)
    {
        try
        {
            return new DriveInfo(Path.GetDirectoryName(databasePath)!).AvailableFreeSpace < 64 * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    public static bool IsFull(Exception e) => e is StoreFullException or SqliteException { Code: raw.SQLITE_FULL };

    public static StoreCorruptException Corrupt(string databasePath, string found, Exception? inner = null) =>
        new($"store database '{databasePath}' is damaged ({found}); nothing was answered from the damaged data. " +
            $"Run 'gpx_hotpath store check --data {Path.GetDirectoryName(databasePath)}' and see docs/store.md, \"Repair\"", inner);

    public static StoreFullException Full(string databasePath, Exception? inner = null) =>
        new($"store database '{databasePath}' is full: no space left on its disk. Writes acknowledged before are kept and " +
            "reads keep working; new writes are refused until space is freed (they resume by themselves)", inner);
}
