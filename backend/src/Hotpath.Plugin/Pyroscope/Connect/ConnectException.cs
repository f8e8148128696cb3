using Grpc.Core;

namespace Hotpath.Plugin.Pyroscope.Connect;

/// <summary>
/// A failed Connect call: the code decides the HTTP status, the message is shown to the client as is
/// (so it carries Pyroscope's wording where Pyroscope has one).
/// </summary>
public sealed class ConnectException(StatusCode code, string message) : Exception(message)
{
    public StatusCode Code { get; } = code;

    /// <summary>The HTTP status when it is not the code's own: 413 for a body over its limit (see <see cref="TooLarge"/>).</summary>
    public int? HttpStatus { get; init; }

    public static ConnectException InvalidArgument(string message) => new(StatusCode.InvalidArgument, message);

    /// <summary>
    /// A body over its limit, compressed or inflated: the server-wide "too large" answer
    /// (<see cref="Query.Ingest.RequestTooLarge"/>) — 413 with Connect's <c>resource_exhausted</c> code.
    /// </summary>
    public static ConnectException TooLarge(long limit) =>
        new(StatusCode.ResourceExhausted, Query.Ingest.RequestTooLarge.Message(limit)) { HttpStatus = Query.Ingest.RequestTooLarge.Status };
}
