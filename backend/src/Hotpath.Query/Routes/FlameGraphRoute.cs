using Hotpath.Engine.Filters;
using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Routes.Views;
using Hotpath.Query.Routing;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Routes;

/// <summary>
/// <c>GET flamegraph</c>: the merged selection as a nested-set flame graph truncated to
/// <c>maxNodes</c>, with the exact function table of the untruncated stacks; frame filters
/// (<c>focus</c>, <c>ignore</c>, <c>hide</c>, <c>show</c>) apply before both.
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
        var filters = q.FrameFilters();
        var source = q.Source();
        var stacks = await source.MergeStacksAsync(new MergeRequest(profileType, selector, range), cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return GraphAnswers.FlameGraph(ProfileTypeInfo.Describe(profileType), StackFilter.Apply(stacks, filters), maxNodes, maxFunctions);
    }
}
