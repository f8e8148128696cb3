using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Routes.Views;
using Hotpath.Query.Routing;

namespace Hotpath.Query.Routes;

/// <summary>
/// <c>GET adhoc/diff?baselineId&amp;comparisonId&amp;profileType&amp;maxNodes&amp;maxFunctions</c>: two
/// uploads diffed, answered as <c>diff</c> answers. <c>profileType</c> applies to both sides;
/// <c>baselineProfileType</c>/<c>comparisonProfileType</c> choose per side when the files differ
/// (then the answer also carries <c>comparisonProfileType</c>). Without any, each file's default.
/// </summary>
public static class AdhocDiffRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var q = new QueryParams(request);
        var maxNodes = q.MaxNodes();
        var maxFunctions = q.MaxFunctions();
        q.Required("baselineId");
        q.Required("comparisonId");
        var (_, baseline) = await AdhocProfile.FetchAsync(request, "baselineId").ConfigureAwait(false);
        var (_, comparison) = await AdhocProfile.FetchAsync(request, "comparisonId").ConfigureAwait(false);
        var shared = q.Optional("profileType") is not null;
        if (shared && (q.Optional("baselineProfileType") ?? q.Optional("comparisonProfileType")) is not null)
        {
            throw ResourceError.BadParameter("profileType", "give either profileType (both sides) or baselineProfileType/comparisonProfileType, not both");
        }
        var baselineType = baseline.ChooseType(q, shared ? "profileType" : "baselineProfileType");
        var comparisonType = comparison.ChooseType(q, shared ? "profileType" : "comparisonProfileType");
        cancellationToken.ThrowIfCancellationRequested();
        return GraphAnswers.Diff(ProfileTypeInfo.Describe(baselineType), ProfileTypeInfo.Describe(comparisonType),
            baseline.Stacks(baselineType), comparison.Stacks(comparisonType), maxNodes, maxFunctions);
    }
}
