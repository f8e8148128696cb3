namespace Hotpath.Engine.Errors;

/// <summary>
/// What kind of failure an answer reports: the caller's request (bad, unprocessable, too large, not
/// supported), a downstream profile source (failing, silent, unavailable), or Hotpath itself. The one
/// classification of the backend: the Pyroscope client classifies its failures with it, the sources
/// and the application pass it on, and each transport maps it once (the resource routes in
/// <c>Hotpath.Query.Routing</c>; Connect, <c>/ingest</c> and Grafana's data responses in the
/// executable). It lives here, at the bottom, because the client and the application both need it
/// and share nothing else below the engine; it carries no behaviour.
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

    /// <summary>A profile source failed: 5xx, 429 after retries, an undecodable answer, unreachable, or suspended by its circuit breaker.</summary>
    Downstream,

    /// <summary>A profile source did not answer within its per-call or total time bound.</summary>
    DownstreamTimeout,
    Plugin,
}
