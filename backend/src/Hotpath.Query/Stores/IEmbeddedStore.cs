using Hotpath.Query.Sources;

namespace Hotpath.Query.Stores;

/// <summary>
/// An open embedded store as the application uses it: a profile source per configured uid and the
/// users' own data. Implemented over the storage by <see cref="EmbeddedStore"/>; nothing else in the
/// application sees the storage's types or its exceptions.
/// </summary>
/// <remarks>
/// Disposing closes the store. A store lent to an instance is closed by its lender, never by the
/// instance; a store leased from <see cref="StoreRegistry"/> is closed by the registry.
/// </remarks>
public interface IEmbeddedStore : IDisposable
{
    /// <summary>The store as the profile source named <paramref name="uid"/>.</summary>
    IProfileSource Source(string uid);

    /// <summary>Favorites, settings and ad hoc uploads, per Grafana org and user.</summary>
    IUserData UserData { get; }
}

/// <summary>
/// The users' own data in the embedded store. Writes are durable when the task completes. Failures
/// are <see cref="SourceException"/>s classified by the one error kind (a full disk is
/// <c>InsufficientStorage</c>, anything else the store reports is <c>Plugin</c>); the message says
/// what failed and never carries the caller's data.
/// </summary>
public interface IUserData
{
    /// <summary>Keeps an upload and at most <paramref name="keepPerOwner"/> of the owner's newest ones; expired uploads of anyone go in the same write.</summary>
    Task SaveAdhocAsync(DataOwner owner, AdhocUpload upload, ReadOnlyMemory<byte> body, int keepPerOwner, CancellationToken cancellationToken);

    /// <summary>The owner's uploads not expired at <paramref name="nowMs"/>, newest first.</summary>
    Task<IReadOnlyList<AdhocUpload>> ListAdhocAsync(DataOwner owner, long nowMs);

    /// <summary>One of the owner's uploads with its bytes, expired or not; null when there is none with <paramref name="id"/>.</summary>
    Task<(AdhocUpload Upload, byte[] Body)?> GetAdhocAsync(DataOwner owner, string id);

    /// <summary>The owner's favorites, newest first.</summary>
    Task<IReadOnlyList<Favorite>> ListFavoritesAsync(DataOwner owner);

    /// <summary>
    /// Adds <paramref name="candidate"/> unless the owner has a favorite with its content key (that
    /// one is answered) or already has <paramref name="maxPerOwner"/>.
    /// </summary>
    Task<FavoriteAdded> AddFavoriteAsync(DataOwner owner, Favorite candidate, int maxPerOwner, CancellationToken cancellationToken);

    /// <summary>False when the owner has no favorite with <paramref name="id"/>.</summary>
    Task<bool> DeleteFavoriteAsync(DataOwner owner, string id, CancellationToken cancellationToken);

    /// <summary>The owner's settings as last stored (JSON), or null.</summary>
    Task<string?> GetSettingsAsync(DataOwner owner);

    Task PutSettingsAsync(DataOwner owner, string body, long nowMs, CancellationToken cancellationToken);
}

/// <summary>Whose data it is: a Grafana org and a user login in it (standalone and anonymous requests share the empty login).</summary>
public readonly record struct DataOwner(long OrgId, string User);

/// <summary>An uploaded profile file kept until <see cref="ExpiresMs"/>, with the profile type ids it holds.</summary>
public sealed record AdhocUpload(string Id, string Name, IReadOnlyList<string> ProfileTypes, long UploadedMs, long ExpiresMs);

/// <summary>A saved view: <see cref="Body"/> is its canonical JSON; <see cref="ContentKey"/> what makes two favorites the same.</summary>
public sealed record Favorite(string Id, string ContentKey, string Body, long CreatedMs);

/// <summary>What adding a favorite did: <see cref="Stored"/> is the favorite kept (new or the existing equal one), null when <see cref="Full"/>.</summary>
public sealed record FavoriteAdded(Favorite? Stored, bool Created, bool Full);
