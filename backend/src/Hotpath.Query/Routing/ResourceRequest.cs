namespace Hotpath.Query.Routing;

/// <summary>
/// One call to a resource route, independent of the transport that carried it (Grafana's
/// CallResource or the standalone HTTP server). <see cref="Path"/> has no leading slash and is
/// relative to <c>/api/plugins/hotpath-profiles-app/resources/</c>.
/// </summary>
public sealed record ResourceRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Headers,
    ReadOnlyMemory<byte> Body,
    RequestContext Context)
{
    public string? Header(string name)
    {
        foreach (var (key, values) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && values.Count > 0)
            {
                return values[0];
            }
        }
        return null;
    }

    /// <summary>Splits a raw query string (<c>a=1&amp;b=x%20y</c>, no leading '?') into unescaped pairs; the last value of a repeated key wins.</summary>
    public static IReadOnlyDictionary<string, string> ParseQuery(string rawQuery)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var key = Unescape(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : Unescape(part[(eq + 1)..]);
            result[key] = value;
        }
        return result;

        static string Unescape(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
    }
}

/// <summary>Who is asking and with which configuration: the plugin instance and the Grafana user (absent standalone).</summary>
public sealed record RequestContext(long OrgId, string? UserLogin, HotpathInstance Instance);
