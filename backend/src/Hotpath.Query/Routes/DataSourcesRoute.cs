using Hotpath.Query.Health;
using Hotpath.Query.Routing;

namespace Hotpath.Query.Routes;

/// <summary>A configured source as the frontend sees it: no credentials, only whether some are set.</summary>
public sealed record DataSourceView(string Uid, string Name, string Kind, string? Url, string? Tenant, bool Default, bool HasCredentials);

public sealed record DataSourceList([property: System.Text.Json.Serialization.JsonPropertyName("datasources")] IReadOnlyList<DataSourceView> DataSources);

/// <summary><c>GET datasources</c>: the configured profile sources, the default one marked.</summary>
public static class DataSourcesRoute
{
    public static Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var views = request.Context.Instance.Settings.DataSources
            .Select(s => new DataSourceView(s.Uid, s.Name, HealthChecker.KindName(s.Kind), s.Url is null ? null : Hotpath.Pyroscope.Client.PyroscopeEndpoint.Redact(s.Url), s.Tenant, s.IsDefault, s.HasCredentials))
            .ToList();
        return Task.FromResult(ResourceResponse.Json(new DataSourceList(views), QueryJson.Wire.DataSourceList));
    }
}
