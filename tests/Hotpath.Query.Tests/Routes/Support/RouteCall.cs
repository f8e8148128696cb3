using System.Text;
using System.Text.Json;
using Hotpath.Query.Health;
using Hotpath.Query.Routing;

namespace Hotpath.Query.Tests.Routes.Support;

/// <summary>One answer of a route: status, headers and the body parsed as JSON.</summary>
public sealed record RouteAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Text)
{
    public JsonElement Json => JsonDocument.Parse(Text).RootElement;

    public string Message => Json.GetProperty("message").GetString()!;

    public string Kind => Json.GetProperty("kind").GetString()!;
}

/// <summary>Calls resource routes through the real route table, as the transports do.</summary>
public static class RouteCall
{
    public static readonly Router Router = ResourceRoutes.Build(new HealthChecker(new HttpClient(), TimeProvider.System));

    public static async Task<RouteAnswer> GetAsync(HotpathInstance instance, string path, string query = "", string method = "GET")
    {
        var request = new ResourceRequest(method, path, ResourceRequest.ParseQuery(query),
            new Dictionary<string, IReadOnlyList<string>>(), ReadOnlyMemory<byte>.Empty, new RequestContext(1, null, instance));
        var response = await Router.DispatchAsync(request, CancellationToken.None);
        return new RouteAnswer(response.Status, response.Headers, Encoding.UTF8.GetString(response.Body.Span));
    }

    /// <summary><c>from=…&amp;to=…</c> for a range.</summary>
    public static string RangeQuery(Hotpath.Engine.Selection.TimeRange range) => $"from={range.StartMs}&to={range.EndMs}";

    public static string Escape(string value) => Uri.EscapeDataString(value);
}
