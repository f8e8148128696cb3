namespace Hotpath.Pyroscope.Client;

/// <summary>How a call to a Pyroscope server failed, for the caller to choose a status and a message.</summary>
public enum PyroscopeErrorKind
{
    /// <summary>The server failed: 5xx, 429 after retries, an undecodable answer, or unreachable.</summary>
    Downstream,

    /// <summary>The server did not answer within the per-call or total time bound.</summary>
    DownstreamTimeout,

    /// <summary>The server refused the request (4xx other than 429); the message is Pyroscope's own.</summary>
    BadRequest,

    /// <summary>The source failed repeatedly and calls to it are suspended for a while without being sent.</summary>
    CircuitOpen,
}

/// <summary>
/// A failed Pyroscope call. The message names the RPC and the source URL as <see cref="PyroscopeEndpoint.Redact"/>
/// shows it; it never carries credentials, tokens or request headers.
/// </summary>
public sealed class PyroscopeException : Exception
{
    public PyroscopeException(PyroscopeErrorKind kind, string rpc, string source, string detail, int? httpStatus = null, string? connectCode = null, Exception? inner = null)
        : base($"{rpc} on {source}: {detail}", inner)
    {
        Kind = kind;
        Rpc = rpc;
        Source = source;
        HttpStatus = httpStatus;
        ConnectCode = connectCode;
    }

    public PyroscopeErrorKind Kind { get; }

    /// <summary>The querier RPC name, e.g. <c>SelectSeries</c>.</summary>
    public string Rpc { get; }

    /// <summary>The redacted base URL of the source.</summary>
    public new string Source { get; }

    public int? HttpStatus { get; }

    /// <summary>The Connect error code the server sent (e.g. <c>invalid_argument</c>), when it sent one.</summary>
    public string? ConnectCode { get; }

    /// <summary>
    /// True when the server does not route the RPC at all: a bare 404 (no Connect body) or Connect's
    /// <c>unimplemented</c>. Older Pyroscope versions answer so for RPCs added later.
    /// </summary>
    public bool IsMissingRpc => ConnectCode == "unimplemented" || (ConnectCode is null && HttpStatus is 404 or 501);

    /// <summary>True when the fault is the server's (or the network's), not the request's.</summary>
    public bool IsDownstream => Kind != PyroscopeErrorKind.BadRequest;

    /// <summary>Set on answers that may succeed when sent again (429, 503, other 5xx, network errors, timeouts).</summary>
    internal bool Transient { get; init; }

    /// <summary>The server's Retry-After, when it sent one.</summary>
    internal TimeSpan? RetryAfter { get; init; }
}
