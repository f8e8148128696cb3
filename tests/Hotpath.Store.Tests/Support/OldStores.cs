using Hotpath.Store.Sqlite;

namespace Hotpath.Store.Tests.Support;

/// <summary>Turns a closed store of the current schema into what an older build left behind.</summary>
public static class OldStores
{
    /// <summary>Version 2: no checksum columns, the covering index without head_crc, no run state.</summary>
    public static void MakeVersion2(string databasePath)
    {
        using var db = SqliteConnection.Open(databasePath, readOnly: false);
        db.Execute("""
            DROP INDEX profiles_by_series_time;
            ALTER TABLE series DROP COLUMN crc;
            ALTER TABLE names DROP COLUMN crc;
            ALTER TABLE stacks DROP COLUMN crc;
            ALTER TABLE profiles DROP COLUMN crc;
            ALTER TABLE profiles DROP COLUMN head_crc;
            ALTER TABLE adhoc_profiles DROP COLUMN crc;
            CREATE INDEX profiles_by_series_time ON profiles(series_id, time_ns, total);
            DELETE FROM meta WHERE key = 'run_state';
            UPDATE meta SET value = '2' WHERE key = 'schema_version';
            """);
    }

    /// <summary>Version 1: version 2 without the user-data tables.</summary>
    public static void MakeVersion1(string databasePath)
    {
        MakeVersion2(databasePath);
        using var db = SqliteConnection.Open(databasePath, readOnly: false);
        db.Execute("DROP TABLE adhoc_profiles; DROP TABLE favorites; DROP TABLE user_settings; UPDATE meta SET value = '1' WHERE key = 'schema_version';");
    }
}
