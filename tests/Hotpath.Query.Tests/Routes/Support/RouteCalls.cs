using System.Text;
using System.Text.Json;
using Hotpath.Query.Health;
using Hotpath.Query.Routing;

namespace Hotpath.Query.Tests.Routes.Support;

/// <summary>Calls resource routes through the real router, as Grafana's CallResource and the standalone server do.</summary>
internal static class RouteCalls
{
    public static readonly Router Router = ResourceRoutes.Build(new HealthChecker(new HttpClient(), TimeProvider.System));

    public static Task<ResourceResponse> CallAsync(HotpathInstance instance, string method, string path, string query = "", byte[]? body = null, long orgId = 1, string? user = null) =>
        Router.DispatchAsync(new ResourceRequest(method, path, ResourceRequest.ParseQuery(query),
            new Dictionary<string, IReadOnlyList<string>>(), body ?? [], new RequestContext(orgId, user, instance)), CancellationToken.None);

    public static Task<ResourceResponse> GetAsync(HotpathInstance instance, string path, string query = "", long orgId = 1, string? user = null) =>
        CallAsync(instance, "GET", path, query, null, orgId, user);

    public static JsonElement Json(ResourceResponse response)
    {
        using var doc = JsonDocument.Parse(response.Body);
        return doc.RootElement.Clone();
    }

    public static string Text(ResourceResponse response) => Encoding.UTF8.GetString(response.Body.Span);

    public static string Message(ResourceResponse response) => Json(response).GetProperty("message").GetString()!;

    public static string Q(string text) => Uri.EscapeDataString(text);
}
