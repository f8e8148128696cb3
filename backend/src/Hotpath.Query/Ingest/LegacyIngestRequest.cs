namespace Hotpath.Query.Ingest;

/// <summary>
/// A <c>POST /ingest</c> as the HTTP layer received it: the query parameters (first value of each),
/// the Content-Type header and the whole body.
/// </summary>
public sealed record LegacyIngestRequest(IReadOnlyDictionary<string, string> Query, string? ContentType, ReadOnlyMemory<byte> Body)
{
    public string? Parameter(string name) => Query.TryGetValue(name, out var value) ? value : null;
}
