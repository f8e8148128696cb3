using Hotpath.Engine.Errors;


namespace Hotpath.Pyroscope.Client;

/// <summary>
/// A failed Pyroscope call. The message names the RPC and the source URL as <see cref="PyroscopeEndpoint.Redact"/>
/// shows it; it never carries credentials, tokens or request headers. Its kind is one of
/// <see cref="ErrorKind.Downstream"/> (5xx, 429 after retries, an undecodable answer, unreachable, or
/// the circuit open), <see cref="ErrorKind.DownstreamTimeout"/> (no answer within the per-call or total
/// bound) and <see cref="ErrorKind.BadRequest"/> (4xx other than 429; the message is Pyroscope's own).
/// </summary>
public sealed class PyroscopeException : Exception
{
    public PyroscopeException(ErrorKind kind, string rpc, string source, string detail, int? httpStatus = null, string? connectCode = null, Exception? inner = null)
        : base($"{rpc} on {source}: {detail}", inner)
    {
        Kind = kind;
        Rpc = rpc;
        Source = source;
        HttpStatus = httpStatus;
        ConnectCode = connectCode;
    }

    public ErrorKind Kind { get; }

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

    /// <summary>
    /// True when the call was not sent because the source failed repeatedly and calls to it are
    /// suspended for a while (the kind is <see cref="ErrorKind.Downstream"/>).
    /// </summary>
    public bool CircuitOpen { get; init; }

    /// <summary>True when the fault is the server's (or the network's), not the request's.</summary>
    public bool IsDownstream => Kind != ErrorKind.BadRequest;

    /// <summary>Set on answers that may succeed when sent again (429, 503, other 5xx, network errors, timeouts).</summary>
    internal bool Transient { get; init; }

    /// <summary>The server's Retry-After, when it sent one.</summary>
    internal TimeSpan? RetryAfter { get; init; }
}
