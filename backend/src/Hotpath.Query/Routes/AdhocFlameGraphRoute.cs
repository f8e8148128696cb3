using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Routes.Views;
using Hotpath.Query.Routing;

namespace Hotpath.Query.Routes;

/// <summary>
/// <c>GET adhoc/flamegraph?id&amp;profileType&amp;maxNodes&amp;maxFunctions</c>: an upload's flame graph,
/// answered as <c>flamegraph</c> answers. Without <c>profileType</c>, the file's default sample type
/// (as the command line picks it).
/// </summary>
public static class AdhocFlameGraphRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var q = new QueryParams(request);
        var maxNodes = q.MaxNodes();
        var maxFunctions = q.MaxFunctions();
        var (_, profile) = await AdhocProfile.FetchAsync(request, "id").ConfigureAwait(false);
        var type = profile.ChooseType(q, "profileType");
        cancellationToken.ThrowIfCancellationRequested();
        return GraphAnswers.FlameGraph(ProfileTypeInfo.Describe(type), profile.Stacks(type), maxNodes, maxFunctions);
    }
}
