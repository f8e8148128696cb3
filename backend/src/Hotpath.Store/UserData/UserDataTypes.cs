namespace Hotpath.Store.UserData;

/// <summary>
/// Whose data a row is: an organisation and a user within it. The store does not interpret either;
/// callers without users (the standalone server) use one fixed key.
/// </summary>
public readonly record struct Owner(long OrgId, string User);

/// <summary>
/// An uploaded profile kept for a while. <see cref="ProfileTypes"/> is the caller's own encoding
/// (ids joined by newlines, say); the file as uploaded is stored beside it
/// (<see cref="UserDataStore.SaveAdhocAsync"/>, <see cref="UserDataStore.GetAdhocAsync"/>).
/// </summary>
public sealed record AdhocProfileRow(string Id, string Name, IReadOnlyList<string> ProfileTypes, long UploadedMs, long ExpiresMs);

/// <summary>A favorite: <see cref="Body"/> is the caller's JSON; <see cref="ContentKey"/> what makes two favorites the same.</summary>
public sealed record FavoriteRow(string Id, string ContentKey, string Body, long CreatedMs);
