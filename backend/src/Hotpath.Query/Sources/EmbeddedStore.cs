using Hotpath.Engine.Errors;
using Hotpath.Query.Stores;
using Hotpath.Store.Files;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage;
using Hotpath.Store.UserData;

namespace Hotpath.Query.Sources;

/// <summary>
/// The storage's <see cref="ProfileStore"/> as the application's <see cref="IEmbeddedStore"/>: one of
/// the two adapters (with <see cref="EmbeddedSource"/> and <see cref="EmbeddedIngest"/>) where the
/// storage's types and exceptions end. Opening failures and the user data's failures are classified
/// here, once.
/// </summary>
public sealed class EmbeddedStore(ProfileStore store) : IEmbeddedStore
{
    /// <summary>The storage itself, for the composition root and tests that seed or inspect it.</summary>
    public ProfileStore Store { get; } = store;

    public IUserData UserData { get; } = new EmbeddedUserData(store.UserData);

    public IProfileSource Source(string uid) => new EmbeddedSource(uid, Store);

    public void Dispose() => Store.Dispose();

    /// <summary>
    /// Opens the store in <paramref name="folder"/> to share it inside Grafana (<c>WriteIfFree</c>:
    /// the app and its nested data source are two processes on one folder; whichever opens first
    /// writes, the other reads what it commits). <paramref name="sweep"/> false leaves retention to
    /// whoever else holds it (a health check's throwaway open). A store that does not open is a
    /// <see cref="SourceException"/> of kind <see cref="ErrorKind.Plugin"/> with the reason.
    /// </summary>
    public static EmbeddedStore OpenShared(string folder, bool sweep = true)
    {
        var options = new StoreOptions { Access = StoreAccess.WriteIfFree };
        if (!sweep)
        {
            options = options with { SweepInterval = null };
        }
        try
        {
            return new EmbeddedStore(ProfileStore.Open(folder, options));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or StoreCorruptException or StoreLockedException
            or DllNotFoundException or TypeInitializationException)
        {
            throw new SourceException(ErrorKind.Plugin, e.Message, e);
        }
    }

    /// <summary>Why <paramref name="folder"/> cannot hold a store (it does not take a durable write), or null when it can.</summary>
    public static string? CheckFolder(string folder) => StoreDirectory.Check(folder);

    /// <summary>The user-data tables, their failures classified.</summary>
    private sealed class EmbeddedUserData(UserDataStore data) : IUserData
    {
        public Task SaveAdhocAsync(DataOwner owner, AdhocUpload upload, ReadOnlyMemory<byte> body, int keepPerOwner, CancellationToken cancellationToken) =>
            Run(async () =>
            {
                var row = new AdhocProfileRow(upload.Id, upload.Name, upload.ProfileTypes, upload.UploadedMs, upload.ExpiresMs);
                await data.SaveAdhocAsync(Key(owner), row, body, keepPerOwner, cancellationToken).ConfigureAwait(false);
                return true;
            });

        public Task<IReadOnlyList<AdhocUpload>> ListAdhocAsync(DataOwner owner, long nowMs) =>
            Run(async () => (IReadOnlyList<AdhocUpload>)[.. (await data.ListAdhocAsync(Key(owner), nowMs).ConfigureAwait(false)).Select(Upload)]);

        public Task<(AdhocUpload Upload, byte[] Body)?> GetAdhocAsync(DataOwner owner, string id) =>
            Run(async () => await data.GetAdhocAsync(Key(owner), id).ConfigureAwait(false) is { } hit ? (Upload(hit.Row), hit.Body) : ((AdhocUpload, byte[])?)null);

        public Task<IReadOnlyList<Favorite>> ListFavoritesAsync(DataOwner owner) =>
            Run(async () => (IReadOnlyList<Favorite>)[.. (await data.ListFavoritesAsync(Key(owner)).ConfigureAwait(false)).Select(Favorite)]);

        public Task<FavoriteAdded> AddFavoriteAsync(DataOwner owner, Favorite candidate, int maxPerOwner, CancellationToken cancellationToken) =>
            Run(async () =>
            {
                var row = new FavoriteRow(candidate.Id, candidate.ContentKey, candidate.Body, candidate.CreatedMs);
                var result = await data.AddFavoriteAsync(Key(owner), row, maxPerOwner, cancellationToken).ConfigureAwait(false);
                return new FavoriteAdded(result.Row is { } stored ? Favorite(stored) : null, result.Created, result.Full);
            });

        public Task<bool> DeleteFavoriteAsync(DataOwner owner, string id, CancellationToken cancellationToken) =>
            Run(() => data.DeleteFavoriteAsync(Key(owner), id, cancellationToken));

        public Task<string?> GetSettingsAsync(DataOwner owner) => Run(() => data.GetSettingsAsync(Key(owner)));

        public Task PutSettingsAsync(DataOwner owner, string body, long nowMs, CancellationToken cancellationToken) =>
            Run(async () =>
            {
                await data.PutSettingsAsync(Key(owner), body, nowMs, cancellationToken).ConfigureAwait(false);
                return true;
            });

        private static Owner Key(DataOwner owner) => new(owner.OrgId, owner.User);

        private static AdhocUpload Upload(AdhocProfileRow row) => new(row.Id, row.Name, row.ProfileTypes, row.UploadedMs, row.ExpiresMs);

        private static Favorite Favorite(FavoriteRow row) => new(row.Id, row.ContentKey, row.Body, row.CreatedMs);

        /// <summary>A busy or failing store is the plugin's fault; a full disk is its own kind, so the caller can say so.</summary>
        private static async Task<T> Run<T>(Func<Task<T>> call)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (StoreBusyException e)
            {
                throw new SourceException(ErrorKind.Plugin, e.Message, e);
            }
            catch (StoreFullException e)
            {
                throw new SourceException(ErrorKind.InsufficientStorage, e.Message, e);
            }
            catch (Exception e) when (e is SqliteException or IOException or ObjectDisposedException or StoreCorruptException or StoreReadOnlyException)
            {
                throw new SourceException(ErrorKind.Plugin, $"the embedded store failed: {e.Message}", e);
            }
        }
    }
}
