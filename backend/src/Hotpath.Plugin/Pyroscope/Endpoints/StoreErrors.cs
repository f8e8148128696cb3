using Grpc.Core;
using Hotpath.Plugin.Pyroscope.Connect;
using Hotpath.Plugin.Pyroscope.Ingest;
using Hotpath.Store.Selectors;
using Hotpath.Store.Storage;

namespace Hotpath.Plugin.Pyroscope.Endpoints;

/// <summary>
/// What the store's refusals mean on the wire. The store words its messages as Pyroscope does, so
/// they pass through unchanged; only the code is chosen here.
/// </summary>
internal static class StoreErrors
{
    /// <summary>A query refusal as a Connect error, or null when the exception is not a refusal (a fault).</summary>
    public static ConnectException? ForQuery(Exception e) => e switch
    {
        ConnectException c => c,
        SelectorException or ArgumentException => ConnectException.InvalidArgument(e.Message),
        ObjectDisposedException => new ConnectException(StatusCode.Unavailable, "the store is shutting down"),
        _ => null,
    };

    /// <summary>An ingest refusal: invalid data is 400 on Push and 422 on /ingest; a full write queue is retryable.</summary>
    public static IngestException? ForIngest(Exception e) => e switch
    {
        IngestException i => i,
        IngestRejectedException => IngestException.Invalid(e.Message),
        StoreBusyException => new IngestException(StatusCode.Unavailable, 503, e.Message),
        ObjectDisposedException => new IngestException(StatusCode.Unavailable, 503, "the store is shutting down"),
        _ => null,
    };
}
