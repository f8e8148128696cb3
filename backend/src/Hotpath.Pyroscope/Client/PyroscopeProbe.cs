using System.Net;
using System.Text;

namespace Hotpath.Pyroscope.Client;

/// <summary>
/// Checks that a Pyroscope server answers its query API: a Connect JSON call to
/// <c>querier.v1.QuerierService/ProfileTypes</c> for the last hour, as a data-source health check does.
/// </summary>
public static class PyroscopeProbe
{
    /// <summary>Returns null when the server answered 2xx, else a reason naming the URL and what went wrong.</summary>
    public static async Task<string?> ProbeAsync(HttpClient http, PyroscopeEndpoint endpoint, TimeProvider time, CancellationToken cancellationToken)
    {
        var url = endpoint.Resolve("querier.v1.QuerierService/ProfileTypes");
        var shown = PyroscopeEndpoint.Redact(url);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent($"{{\"start\":{now - 3_600_000},\"end\":{now}}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Connect-Protocol-Version", "1");
        endpoint.Authorize(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(endpoint.Timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " (check the credentials)" : "";
            return $"{shown} answered {(int)response.StatusCode} {response.ReasonPhrase}{hint}: {Snippet(body)}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{shown} did not answer within {endpoint.Timeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException e)
        {
            return $"{shown} is unreachable: {e.Message}";
        }
    }

    private static string Snippet(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length <= 200 ? flat : flat[..200] + "…";
    }
}
