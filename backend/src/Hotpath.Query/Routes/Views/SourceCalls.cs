using Hotpath.Query.Routing;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Routes.Views;

/// <summary>
/// Calls a source and turns its classified failure into the route's answer: the caller's fault is
/// 400, the source's 502, its timeout 504, each with the source's message (which names it).
/// </summary>
internal static class SourceCalls
{
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (SourceException e)
        {
            throw ToResourceError(e);
        }
    }

    public static ResourceError ToResourceError(SourceException e) => new(e.Kind switch
    {
        SourceErrorKind.BadRequest => ErrorKind.BadRequest,
        SourceErrorKind.DownstreamTimeout => ErrorKind.DownstreamTimeout,
        _ => ErrorKind.Downstream,
    }, e.Message);
}
