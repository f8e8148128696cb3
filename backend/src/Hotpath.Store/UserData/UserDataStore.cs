using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage;
using Hotpath.Store.Storage.Integrity;
using Hotpath.Store.Storage.Writing;

namespace Hotpath.Store.UserData;

/// <summary>
/// Ad hoc uploads, favorites and settings, per owner. Writes go through the store's single writer
/// (durable when the task completes, like ingest); reads use the pooled read-only connections.
/// Times are passed in by the caller, whose clock decides expiry; the retention sweep also deletes
/// expired uploads with the store's own clock.
/// </summary>
public sealed class UserDataStore
{
    private readonly Writer? _writer;
    private readonly ReaderPool _readers;
    private readonly string _databasePath;
    private readonly Func<Exception> _readOnly;

    internal UserDataStore(Writer? writer, ReaderPool readers, string databasePath, Func<Exception> readOnly)
    {
        _writer = writer;
        _readers = readers;
        _databasePath = databasePath;
        _readOnly = readOnly;
    }

    /// <summary>
    /// Keeps an upload, and at most <paramref name="keepPerOwner"/> of the owner's newest ones (older
    /// ones are dropped, so one user cannot fill the disk); deletes every expired upload (of any
    /// owner) in the same transaction.
    /// </summary>
    public Task SaveAdhocAsync(Owner owner, AdhocProfileRow row, ReadOnlyMemory<byte> body, int keepPerOwner = int.MaxValue, CancellationToken cancellation = default) =>
        WriteAsync(db =>
        {
            DeleteExpired(db, row.UploadedMs);
            db.Prepare("""
                INSERT INTO adhoc_profiles(id, org_id, user_key, name, profile_types, uploaded_ms, expires_ms, body, crc)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """)
                .Bind(1, row.Id).Bind(2, owner.OrgId).Bind(3, owner.User).Bind(4, row.Name)
                .Bind(5, string.Join('\n', row.ProfileTypes)).Bind(6, row.UploadedMs).Bind(7, row.ExpiresMs)
                .Bind(8, body.Span).Bind(9, Checksums.Upload(body.Span)).Run();
            db.Prepare("""
                DELETE FROM adhoc_profiles WHERE org_id = ?1 AND user_key = ?2 AND id NOT IN (
                    SELECT id FROM adhoc_profiles WHERE org_id = ?1 AND user_key = ?2
                    ORDER BY uploaded_ms DESC, id DESC LIMIT ?3)
                """)
                .Bind(1, owner.OrgId).Bind(2, owner.User).Bind(3, keepPerOwner).Run();
            return true;
        }, cancellation);

    /// <summary>The owner's uploads not expired at <paramref name="nowMs"/>, newest first.</summary>
    public Task<IReadOnlyList<AdhocProfileRow>> ListAdhocAsync(Owner owner, long nowMs) => ReadAsync(db =>
    {
        var rows = new List<AdhocProfileRow>();
        var s = db.Prepare("""
            SELECT id, name, profile_types, uploaded_ms, expires_ms FROM adhoc_profiles
            WHERE org_id = ?1 AND user_key = ?2 AND expires_ms > ?3 ORDER BY uploaded_ms DESC, id
            """).Bind(1, owner.OrgId).Bind(2, owner.User).Bind(3, nowMs);
        while (s.Step())
        {
            rows.Add(ReadRow(s));
        }
        return (IReadOnlyList<AdhocProfileRow>)rows;
    });

    /// <summary>
    /// One upload of the owner and its bytes, expired or not (the caller tells the two apart, so it
    /// can say "expired" rather than "unknown"); null when the owner has no upload with that id.
    /// </summary>
    public Task<(AdhocProfileRow Row, byte[] Body)?> GetAdhocAsync(Owner owner, string id) => ReadAsync(db =>
    {
        var s = db.Prepare("""
            SELECT id, name, profile_types, uploaded_ms, expires_ms, body, crc FROM adhoc_profiles
            WHERE id = ?1 AND org_id = ?2 AND user_key = ?3
            """).Bind(1, id).Bind(2, owner.OrgId).Bind(3, owner.User);
        return s.Step() ? (ReadRow(s), RowChecks.Upload(s, 5, id).ToArray()) : ((AdhocProfileRow, byte[])?)null;
    });

    /// <summary>Deletes every upload expired at <paramref name="nowMs"/>; returns how many.</summary>
    public Task<long> DeleteExpiredAdhocAsync(long nowMs, CancellationToken cancellation = default) =>
        WriteAsync(db => DeleteExpired(db, nowMs), cancellation);

    internal static long DeleteExpired(SqliteConnection db, long nowMs)
    {
        db.Prepare("DELETE FROM adhoc_profiles WHERE expires_ms <= ?1").Bind(1, nowMs).Run();
        return db.ScalarLong("SELECT changes()");
    }

    /// <summary>The owner's favorites, newest first.</summary>
    public Task<IReadOnlyList<FavoriteRow>> ListFavoritesAsync(Owner owner) => ReadAsync(db =>
    {
        var rows = new List<FavoriteRow>();
        var s = db.Prepare("""
            SELECT id, content_key, body, created_ms FROM favorites
            WHERE org_id = ?1 AND user_key = ?2 ORDER BY created_ms DESC, id DESC
            """).Bind(1, owner.OrgId).Bind(2, owner.User);
        while (s.Step())
        {
            rows.Add(new FavoriteRow(s.Text(0), s.Text(1), s.Text(2), s.Long(3)));
        }
        return (IReadOnlyList<FavoriteRow>)rows;
    });

    /// <summary>
    /// Adds a favorite unless the owner already has one with the same content key (then that one is
    /// returned, unchanged) or already has <paramref name="maxPerOwner"/> favorites.
    /// </summary>
    public Task<FavoriteAddResult> AddFavoriteAsync(Owner owner, FavoriteRow candidate, int maxPerOwner, CancellationToken cancellation = default) =>
        WriteAsync(db =>
        {
            var existing = db.Prepare("SELECT id, content_key, body, created_ms FROM favorites WHERE org_id = ?1 AND user_key = ?2 AND content_key = ?3")
                .Bind(1, owner.OrgId).Bind(2, owner.User).Bind(3, candidate.ContentKey);
            if (existing.Step())
            {
                var row = new FavoriteRow(existing.Text(0), existing.Text(1), existing.Text(2), existing.Long(3));
                existing.Reset();
                return new FavoriteAddResult(row, Created: false, Full: false);
            }
            var count = db.Prepare("SELECT count(*) FROM favorites WHERE org_id = ?1 AND user_key = ?2").Bind(1, owner.OrgId).Bind(2, owner.User);
            count.Step();
            var n = count.Long(0);
            count.Reset();
            if (n >= maxPerOwner)
            {
                return new FavoriteAddResult(null, Created: false, Full: true);
            }
            db.Prepare("INSERT INTO favorites(id, org_id, user_key, content_key, body, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .Bind(1, candidate.Id).Bind(2, owner.OrgId).Bind(3, owner.User).Bind(4, candidate.ContentKey)
                .Bind(5, candidate.Body).Bind(6, candidate.CreatedMs).Run();
            return new FavoriteAddResult(candidate, Created: true, Full: false);
        }, cancellation);

    /// <summary>Deletes one of the owner's favorites; false when the owner has none with that id.</summary>
    public Task<bool> DeleteFavoriteAsync(Owner owner, string id, CancellationToken cancellation = default) =>
        WriteAsync(db =>
        {
            db.Prepare("DELETE FROM favorites WHERE id = ?1 AND org_id = ?2 AND user_key = ?3").Bind(1, id).Bind(2, owner.OrgId).Bind(3, owner.User).Run();
            return db.ScalarLong("SELECT changes()") > 0;
        }, cancellation);

    /// <summary>The owner's settings as last stored (the caller's JSON), or null.</summary>
    public Task<string?> GetSettingsAsync(Owner owner) => ReadAsync(db =>
    {
        var s = db.Prepare("SELECT body FROM user_settings WHERE org_id = ?1 AND user_key = ?2").Bind(1, owner.OrgId).Bind(2, owner.User);
        return s.Step() ? s.Text(0) : null;
    });

    public Task PutSettingsAsync(Owner owner, string body, long nowMs, CancellationToken cancellation = default) =>
        WriteAsync(db =>
        {
            db.Prepare("""
                INSERT INTO user_settings(org_id, user_key, body, updated_ms) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT(org_id, user_key) DO UPDATE SET body = excluded.body, updated_ms = excluded.updated_ms
                """).Bind(1, owner.OrgId).Bind(2, owner.User).Bind(3, body).Bind(4, nowMs).Run();
            return true;
        }, cancellation);

    private static AdhocProfileRow ReadRow(SqliteStatement s) =>
        new(s.Text(0), s.Text(1), s.Text(2).Split('\n', StringSplitOptions.RemoveEmptyEntries), s.Long(3), s.Long(4));

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, T> write, CancellationToken cancellation)
    {
        var writer = _writer ?? throw _readOnly();
        var job = new UserDataJob<T>(write);
        await writer.EnqueueAsync(job, cancellation).ConfigureAwait(false);
        return await job.Task.ConfigureAwait(false);
    }

    private Task<T> ReadAsync<T>(Func<SqliteConnection, T> query) => Task.Run(() =>
    {
        try
        {
            using var lease = _readers.Rent();
            lease.Db.Execute("BEGIN");
            try
            {
                return query(lease.Db);
            }
            finally
            {
                lease.Db.ResetAll();
                lease.Db.Execute("COMMIT");
            }
        }
        catch (Exception e) when (StoreErrors.Translate(e, _databasePath) is var typed && !ReferenceEquals(typed, e))
        {
            throw typed;
        }
    });
}

/// <summary>What adding a favorite did: <see cref="Row"/> is the stored favorite (new or the existing equal one), null when <see cref="Full"/>.</summary>
public sealed record FavoriteAddResult(FavoriteRow? Row, bool Created, bool Full);
