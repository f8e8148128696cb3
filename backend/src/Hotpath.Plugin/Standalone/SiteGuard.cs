using System.Net;
using Microsoft.AspNetCore.Http;

namespace Hotpath.Plugin.Standalone;

/// <summary>
/// Who may talk to the standalone server, decided from a request's headers before any route runs.
/// A browser is the threat: any page a user opens can send requests to <c>127.0.0.1:4040</c>.
/// <list type="bullet">
/// <item><b>Host</b>: an IP literal, a loopback name (<c>localhost</c>, <c>*.localhost</c>) or a name
/// given with <c>--allowed-hosts</c>; anything else is 421. A page cannot make a browser send an IP
/// literal or <c>localhost</c> for its own origin, so this stops DNS rebinding (an attacker's name
/// resolving to 127.0.0.1 makes the victim's browser a same-origin client).</item>
/// <item><b>Origin</b>: a request that can change state (any method but GET, HEAD, OPTIONS) from
/// another site — its <c>Origin</c> is neither the server's own (the <c>Host</c> it was sent to)
/// nor one given with <c>--cors-origin</c>, or it carries no <c>Origin</c> but
/// <c>Sec-Fetch-Site: cross-site</c> — is 403 before its body is read, so nothing is stored. HTML
/// forms and <c>text/plain</c> fetches need no preflight, so this check and not CORS stops them.
/// Requests without these headers (SDKs, Alloy, curl, Grafana's backend) are not affected.</item>
/// <item><b>CORS</b>: only for the origins of <c>--cors-origin</c>; no other origin can read an answer.</item>
/// </list>
/// </summary>
internal sealed class SiteGuard
{
    private readonly HashSet<string> _allowedHosts;
    private readonly bool _anyHost;
    private readonly HashSet<string> _corsOrigins;

    public SiteGuard(IEnumerable<string> allowedHosts, IEnumerable<string> corsOrigins)
    {
        _allowedHosts = new HashSet<string>(allowedHosts.Select(h => h.ToLowerInvariant()), StringComparer.Ordinal);
        _anyHost = _allowedHosts.Remove("*");
        _corsOrigins = new HashSet<string>(corsOrigins.Select(o => o.TrimEnd('/').ToLowerInvariant()), StringComparer.Ordinal);
    }

    /// <summary>Methods that only read: browsers may send them cross-site, and their answers stay unreadable without CORS.</summary>
    public static bool IsSafeMethod(string method) =>
        method is "GET" or "HEAD" or "OPTIONS";

    /// <summary>Why the request is refused (status and a message naming what to change), or null when it may go on.</summary>
    public Refusal? Check(string method, string? host, string? origin, string? fetchSite)
    {
        if (!string.IsNullOrEmpty(host) && !IsServedHost(host))
        {
            return new Refusal(StatusCodes.Status421MisdirectedRequest,
                $"this server does not answer for host '{host}'; start serve with --allowed-hosts {HostName(host)} to allow it");
        }
        if (IsSafeMethod(method))
        {
            return null;
        }
        if (!string.IsNullOrEmpty(origin))
        {
            return IsSameOrigin(origin, host) || IsCorsOrigin(origin)
                ? null
                : new Refusal(StatusCodes.Status403Forbidden,
                    $"cross-origin {method} from '{origin}' refused; start serve with --cors-origin {origin} to allow it");
        }
        return fetchSite is "cross-site" or "same-site"
            ? new Refusal(StatusCodes.Status403Forbidden, $"cross-site {method} refused (Sec-Fetch-Site: {fetchSite}); start serve with --cors-origin ORIGIN to allow a site")
            : null;
    }

    /// <summary>Whether answers may carry <c>Access-Control-Allow-Origin</c> for this origin.</summary>
    public bool IsCorsOrigin(string? origin) =>
        !string.IsNullOrEmpty(origin) && _corsOrigins.Contains(origin.TrimEnd('/').ToLowerInvariant());

    private bool IsServedHost(string host)
    {
        if (_anyHost)
        {
            return true;
        }
        var name = HostName(host).ToLowerInvariant();
        return IPAddress.TryParse(name.Trim('[', ']'), out _)
               || name == "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal)
               || _allowedHosts.Contains(name);
    }

    private static bool IsSameOrigin(string origin, string? host) =>
        !string.IsNullOrEmpty(host)
        && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase);

    /// <summary>The name part of a Host value: <c>example.com:4040</c> → <c>example.com</c>, <c>[::1]:4040</c> → <c>[::1]</c>.</summary>
    internal static string HostName(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? host[..(close + 1)] : host;
        }
        var colon = host.LastIndexOf(':');
        return colon >= 0 ? host[..colon] : host;
    }

    public readonly record struct Refusal(int Status, string Message);
}
