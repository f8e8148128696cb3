namespace Hotpath.Query.Ingest;

/// <summary>
/// The one answer to a request body over its limit, on every route of every transport (resource
/// routes, <c>/ingest</c>, Push, the querier): HTTP 413 and this message — Pyroscope's <c>/ingest</c>
/// status and wording. The Connect routes keep Connect's <c>resource_exhausted</c> code in the body
/// (what Pyroscope's Push and querier say), but not its 429: agents retry a 429 (Alloy does), and a
/// body that can never fit must not be sent again. 429 means only "the server is busy, retry after".
/// </summary>
public static class RequestTooLarge
{
    public const int Status = 413;

    /// <summary>The message for a body, compressed or inflated, over <paramref name="limit"/> bytes.</summary>
    public static string Message(long limit) => $"request body too large: limit {limit} bytes";
}
