namespace Hotpath.Store.UserData;

/// <summary>
/// Tables for what users keep in the store besides profiles: ad hoc uploads, favorites and
/// settings, each keyed by its owner (org and user). Separate from the profile tables: retention by
/// age or size never touches them, and profile queries never read them.
/// </summary>
internal static class UserDataSchema
{
    /// <summary>The schema version that introduced these tables (version 1 stores are upgraded on open).</summary>
    public const int SinceVersion = 2;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS adhoc_profiles(
            id TEXT PRIMARY KEY,
            org_id INTEGER NOT NULL,
            user_key TEXT NOT NULL,
            name TEXT NOT NULL,
            profile_types TEXT NOT NULL,
            uploaded_ms INTEGER NOT NULL,
            expires_ms INTEGER NOT NULL,
            body BLOB NOT NULL,
            crc INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS adhoc_by_owner ON adhoc_profiles(org_id, user_key, uploaded_ms);
        CREATE INDEX IF NOT EXISTS adhoc_by_expiry ON adhoc_profiles(expires_ms);
        CREATE TABLE IF NOT EXISTS favorites(
            id TEXT PRIMARY KEY,
            org_id INTEGER NOT NULL,
            user_key TEXT NOT NULL,
            content_key TEXT NOT NULL,
            body TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            UNIQUE(org_id, user_key, content_key)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS user_settings(
            org_id INTEGER NOT NULL,
            user_key TEXT NOT NULL,
            body TEXT NOT NULL,
            updated_ms INTEGER NOT NULL,
            PRIMARY KEY(org_id, user_key)) WITHOUT ROWID;
        """;
}
