using Hotpath.Engine.Errors;

namespace Hotpath.Query.Ingest;

/// <summary>
/// A refused push, classified by <see cref="Kind"/>; each transport maps the kind to its own answer
/// (Push to a Connect code, the legacy <c>/ingest</c> to Pyroscope's HTTP status: 400 for a bad query
/// parameter, 413 for an oversized body, 422 for a profile it cannot accept). The message is
/// Pyroscope's wording where Pyroscope has one.
/// </summary>
public sealed class IngestException(ErrorKind kind, string message) : Exception(message)
{
    public ErrorKind Kind { get; } = kind;

    /// <summary>A rejected profile or label set: 400 on Push, 422 on /ingest.</summary>
    public static IngestException Invalid(string message) => new(ErrorKind.Unprocessable, message);

    /// <summary>A bad /ingest query parameter: 400 on both.</summary>
    public static IngestException BadParameter(string message) => new(ErrorKind.BadRequest, message);

    /// <summary>A body over the request size limit: <see cref="RequestTooLarge"/>'s answer.</summary>
    public static IngestException TooLarge(long limit) => new(ErrorKind.PayloadTooLarge, RequestTooLarge.Message(limit));

    /// <summary>An upload format Pyroscope knows but Hotpath does not read.</summary>
    public static IngestException Unsupported(string message) => new(ErrorKind.NotImplemented, message);

    /// <summary>The store cannot take the batch now (a full write queue, shutting down); the client may retry.</summary>
    public static IngestException Unavailable(string message) => new(ErrorKind.Unavailable, message);

    /// <summary>A cardinality limit (Pyroscope's series limit): 429 <c>resource_exhausted</c> on both.</summary>
    public static IngestException LimitExceeded(string message) => new(ErrorKind.TooManyRequests, message);

    /// <summary>The store's disk is full: this push was not kept; it can be sent again once there is room.</summary>
    public static IngestException NoSpace(string message) => new(ErrorKind.InsufficientStorage, message);
}
