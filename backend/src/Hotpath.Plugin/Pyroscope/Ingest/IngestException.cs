using Grpc.Core;
using Hotpath.Plugin.Pyroscope.Connect;

namespace Hotpath.Plugin.Pyroscope.Ingest;

/// <summary>
/// A refused push. <see cref="Code"/> is the Connect code (Push answers with its HTTP status);
/// <see cref="IngestHttpStatus"/> is what the legacy <c>/ingest</c> endpoint answers, which differs:
/// Pyroscope answers 400 for bad query parameters, 413 for oversized bodies and 422 for profiles it
/// cannot accept.
/// </summary>
public sealed class IngestException(StatusCode code, int ingestHttpStatus, string message) : Exception(message)
{
    public StatusCode Code { get; } = code;

    public int IngestHttpStatus { get; } = ingestHttpStatus;

    /// <summary>A rejected profile or label set: 400 on Push, 422 on /ingest.</summary>
    public static IngestException Invalid(string message) => new(StatusCode.InvalidArgument, 422, message);

    /// <summary>A bad /ingest query parameter: 400 on both.</summary>
    public static IngestException BadParameter(string message) => new(StatusCode.InvalidArgument, 400, message);

    /// <summary>A body over the request size limit: 413 on /ingest.</summary>
    public static IngestException TooLarge(string message) => new(StatusCode.ResourceExhausted, 413, message);

    public ConnectException ToConnect() => new(Code, Message);

    /// <summary>The /ingest error response: the Connect JSON error body under <see cref="IngestHttpStatus"/>.</summary>
    public ConnectResponse ToIngestResponse() => ConnectCodec.Error(Code, Message) with { Status = IngestHttpStatus };
}
