using Hotpath.Engine.Errors;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Routing;

/// <summary>
/// The one translation from a source's failure to the answer a route gives: the request refused by
/// the source is the caller's (400), a failing source is 502, a silent one 504. The message already
/// names the source (see <see cref="SourceException"/>).
/// </summary>
public static class SourceErrors
{
    /// <summary>The source already classified the failure with the one <see cref="ErrorKind"/>; the route answers that kind.</summary>
    public static ResourceError ToResourceError(SourceException exception) => new(exception.Kind, exception.Message);
}
