using System.Net.Http.Headers;
using System.Text;

namespace Hotpath.Pyroscope.Client;

/// <summary>Where a Pyroscope server is and how to authenticate to it. Secrets never appear in <see cref="ToString"/>.</summary>
public sealed record PyroscopeEndpoint(Uri BaseUrl, string? Tenant, string? BasicAuthUser, string? BasicAuthPassword, string? BearerToken, TimeSpan Timeout)
{
    public override string ToString() => Redact(BaseUrl);

    /// <summary>
    /// The URL as it may be shown or logged: credentials written into it (<c>http://user:pass@host</c>)
    /// become <c>***</c>, and the query string, which may carry a token, is left out.
    /// </summary>
    public static string Redact(Uri url)
    {
        var builder = new UriBuilder(url) { Query = "", Fragment = "" };
        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            builder.UserName = "***";
            builder.Password = "";
        }
        return builder.Uri.ToString();
    }

    /// <summary>Adds the tenant and credential headers to a request.</summary>
    public void Authorize(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(Tenant))
        {
            request.Headers.TryAddWithoutValidation("X-Scope-OrgID", Tenant);
        }
        if (!string.IsNullOrEmpty(BearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BearerToken);
        }
        else if (!string.IsNullOrEmpty(BasicAuthUser))
        {
            var raw = Encoding.UTF8.GetBytes($"{BasicAuthUser}:{BasicAuthPassword}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
        }
    }

    public Uri Resolve(string relative) => new(BaseUrl.AbsoluteUri.TrimEnd('/') + "/" + relative.TrimStart('/'));
}
