using Hotpath.Engine.Stacks;
using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Routes.Views;
using Hotpath.Query.Routing;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Routes;

/// <summary>
/// <c>GET flamegraph</c>: the merged selection as a nested-set flame graph truncated to
/// <c>maxNodes</c>, with the exact function table of the untruncated stacks; frame filters
/// (<c>focus</c>, <c>ignore</c>, <c>hide</c>, <c>show</c>) and <c>granularity</c> apply before both.
/// With <c>focusPath</c> only the stacks beginning with that path count, and the graph is the
/// subtree under it, so the whole node budget goes to that subtree.
/// </summary>
public static class FlameGraphRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var q = new QueryParams(request);
        var profileType = q.ProfileType();
        var selector = q.Selector();
        var range = q.Range();
        var maxNodes = q.MaxNodes();
        var maxFunctions = q.MaxFunctions();
        var options = q.StackOptions();
        var focusPath = q.StringArray("focusPath", SeriesRoute.MaxCallSiteFrames);
        var source = q.Source();
        // Without filters the source itself keeps only the path's stacks (the store reads no others);
        // with them the path names frames after the cut, so it is applied to the cut stacks.
        var merge = new MergeRequest(profileType, selector, range) { CallSite = options.IsDefault ? focusPath : [] };
        var stacks = await SelectionStacks.MergeAsync(source, merge, options, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (focusPath.Count == 0)
        {
            return GraphAnswers.FlameGraph(ProfileTypeInfo.Describe(profileType), stacks, stacks, maxNodes, maxFunctions);
        }
        var onPath = StackPaths.StartingWith(stacks, focusPath);
        return GraphAnswers.FlameGraph(ProfileTypeInfo.Describe(profileType), StackPaths.Under(onPath, focusPath), onPath, maxNodes, maxFunctions);
    }
}
