using Grpc.Core;
using Hotpath.Engine.Errors;
using Hotpath.Query.Ingest;
using Hotpath.Query.Routing;
using Hotpath.Query.Sources;

namespace Hotpath.Plugin.Pyroscope.Connect;

/// <summary>
/// The one mapping from the application's <see cref="ErrorKind"/> to Pyroscope's wire: a Connect code
/// for the querier API and Push, and the HTTP status the legacy <c>/ingest</c> answers. Messages pass
/// through unchanged (they carry Pyroscope's wording).
/// </summary>
public static class ConnectErrors
{
    public static StatusCode CodeOf(ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest or ErrorKind.Unprocessable => StatusCode.InvalidArgument,
        ErrorKind.NotFound => StatusCode.NotFound,
        ErrorKind.PayloadTooLarge or ErrorKind.InsufficientStorage or ErrorKind.TooManyRequests => StatusCode.ResourceExhausted,
        ErrorKind.NotImplemented or ErrorKind.MethodNotAllowed => StatusCode.Unimplemented,
        ErrorKind.Unavailable or ErrorKind.Downstream => StatusCode.Unavailable,
        ErrorKind.DownstreamTimeout => StatusCode.DeadlineExceeded,
        _ => StatusCode.Internal,
    };

    /// <summary>
    /// What <c>/ingest</c> answers: Pyroscope's 400 for a bad parameter, 413 for a large body and 422
    /// for a profile it cannot accept, including one in a format it does not read.
    /// </summary>
    public static int IngestStatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => 400,
        ErrorKind.PayloadTooLarge => RequestTooLarge.Status,
        ErrorKind.Unprocessable or ErrorKind.NotImplemented => 422,
        ErrorKind.Unavailable => 503,
        ErrorKind.InsufficientStorage => 507,
        ErrorKind.TooManyRequests => 429,
        _ => kind.Status(),
    };

    public static ConnectException From(IngestException e) => e.Kind == ErrorKind.PayloadTooLarge
        ? new ConnectException(CodeOf(e.Kind), e.Message) { HttpStatus = RequestTooLarge.Status }
        : new ConnectException(CodeOf(e.Kind), e.Message);

    /// <summary>A refusal or a source's failure as a Connect error; null for anything else (a fault, logged and answered as internal).</summary>
    public static ConnectException? From(Exception e) => e switch
    {
        ConnectException c => c,
        IngestException i => From(i),
        ResourceError r => new ConnectException(CodeOf(r.Kind), r.Message),
        SourceException s => new ConnectException(CodeOf(s.Kind), s.Message),
        _ => null,
    };

    /// <summary>The /ingest error response: the Connect JSON error body under <see cref="IngestStatusOf"/>.</summary>
    public static ConnectResponse ToIngestResponse(IngestException e) => ConnectCodec.Error(CodeOf(e.Kind), e.Message) with { Status = IngestStatusOf(e.Kind) };
}
