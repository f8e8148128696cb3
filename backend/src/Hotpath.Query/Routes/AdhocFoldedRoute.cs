using System.Text;
using Hotpath.Engine.Errors;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Inputs;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Stacks;
using Hotpath.Query.Routing;

namespace Hotpath.Query.Routes;

/// <summary>
/// <c>POST adhoc/folded[?sampleType=NAME]</c>: the body is a profile file (pprof, gzipped or raw, or
/// folded stacks); the answer is its folded stacks as text, in the format the command line's
/// <c>collapsed</c> writes. Nothing is stored.
/// </summary>
public static class AdhocFoldedRoute
{
    public static Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        if (request.Body.IsEmpty)
        {
            throw new ResourceError(ErrorKind.BadRequest, "the request body is empty; send a pprof profile or folded stacks");
        }
        var sampleType = request.Query.GetValueOrDefault("sampleType") is { Length: > 0 } name ? name : null;
        StackSet stacks;
        try
        {
            var names = new NameTable();
            stacks = ProfileBytes.Stacks(ProfileBytes.Load(request.Body, "request body", names), sampleType, "request body", names);
        }
        catch (Exception e) when (e is PprofFormatException or FormatException)
        {
            throw new ResourceError(ErrorKind.BadRequest, e.Message);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var text = new StringWriter(new StringBuilder(stacks.Count * 64)) { NewLine = "\n" };
        FoldedFormat.Write(stacks, text);
        return Task.FromResult(ResourceResponse.Text(text.ToString()));
    }
}
