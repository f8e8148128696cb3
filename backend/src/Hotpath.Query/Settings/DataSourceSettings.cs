namespace Hotpath.Query.Settings;

public enum DataSourceKind
{
    Embedded,
    Pyroscope,
}

/// <summary>
/// One configured profile source. Credentials are held here only in memory; <see cref="ToString"/>
/// and every JSON view of it leave them out.
/// </summary>
public sealed record DataSourceSettings(
    string Uid,
    string Name,
    DataSourceKind Kind,
    Uri? Url,
    string? Tenant,
    bool IsDefault,
    TimeSpan Timeout,
    string? BasicAuthUser,
    string? BasicAuthPassword,
    string? BearerToken)
{
    public override string ToString() => $"{Kind} source '{Uid}' ({Name}{(Url is null ? "" : $" at {Hotpath.Pyroscope.Client.PyroscopeEndpoint.Redact(Url)}")})";

    public bool HasCredentials => BasicAuthPassword is not null || BearerToken is not null || !string.IsNullOrEmpty(Url?.UserInfo);
}
