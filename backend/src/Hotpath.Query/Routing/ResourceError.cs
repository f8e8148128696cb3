namespace Hotpath.Query.Routing;

/// <summary>
/// What kind of failure an answer reports: the caller's request (bad, unprocessable, too large, not
/// supported), a downstream profile source (failing, silent, unavailable), or Hotpath itself. The one
/// classification every layer uses; each transport maps it once (resource routes here, Connect and
/// <c>/ingest</c> and Grafana's data responses in the executable).
/// </summary>
public enum ErrorKind
{
    BadRequest,
    NotFound,
    MethodNotAllowed,
    PayloadTooLarge,

    /// <summary>Well-formed but refused by a rule (Pyroscope's ingest validation: 422 on <c>/ingest</c>).</summary>
    Unprocessable,

    /// <summary>A feature of the protocol Hotpath does not implement.</summary>
    NotImplemented,

    /// <summary>Temporarily unable to serve (a full write queue, a store shutting down); retrying may work.</summary>
    Unavailable,

    /// <summary>A limit that more of the same would break again: Pyroscope's series limit (429, <c>resource_exhausted</c>).</summary>
    TooManyRequests,

    /// <summary>The embedded store's disk is full: nothing of the write was kept, what was acknowledged before is intact.</summary>
    InsufficientStorage,
    Downstream,
    DownstreamTimeout,
    Plugin,
}

/// <summary>The resource routes' mapping of <see cref="ErrorKind"/>: the HTTP status and the <c>kind</c> of docs/openapi.yaml's ErrorBody.</summary>
public static class ErrorKindExtensions
{
    public static int Status(this ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => 400,
        ErrorKind.NotFound => 404,
        ErrorKind.MethodNotAllowed => 405,
        ErrorKind.PayloadTooLarge => 413,
        // No route refuses with these three; should one, the resource contract's nearest kind.
        ErrorKind.Unprocessable or ErrorKind.NotImplemented => 400,
        ErrorKind.Unavailable => 502,
        ErrorKind.Downstream => 502,
        ErrorKind.DownstreamTimeout => 504,
        ErrorKind.InsufficientStorage => 507,
        ErrorKind.TooManyRequests => 429,
        _ => 500,
    };

    public static string Wire(this ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => "bad_request",
        ErrorKind.NotFound => "not_found",
        ErrorKind.MethodNotAllowed => "method_not_allowed",
        ErrorKind.PayloadTooLarge => "payload_too_large",
        ErrorKind.Unprocessable or ErrorKind.NotImplemented => "bad_request",
        ErrorKind.Unavailable => "downstream",
        ErrorKind.Downstream => "downstream",
        ErrorKind.DownstreamTimeout => "downstream_timeout",
        ErrorKind.InsufficientStorage => "insufficient_storage",
        ErrorKind.TooManyRequests => "too_many_requests",
        _ => "plugin",
    };
}

/// <summary>
/// A failure a route reports to its caller. The message names what was wrong (the parameter,
/// the source, the limit) and never carries secrets.
/// </summary>
public sealed class ResourceError(ErrorKind kind, string message, string? allow = null) : Exception(message)
{
    public ErrorKind Kind { get; } = kind;

    /// <summary>For 405: the methods the path does accept, as the <c>Allow</c> header lists them.</summary>
    public string? Allow { get; } = allow;

    public static ResourceError BadParameter(string name, string problem) => new(ErrorKind.BadRequest, $"parameter '{name}': {problem}");
}
