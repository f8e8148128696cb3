using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Routes.Views;
using Hotpath.Query.Routing;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Routes;

/// <summary>
/// <c>GET diff</c>: a baseline and a comparison selection of one profile type, each with its own
/// source, selector and range (<c>baselineDatasource</c>, <c>comparisonSelector</c>, …), as a diff
/// flame graph and the function rows of both sides. Frame filters (<c>focus</c>, <c>ignore</c>,
/// <c>hide</c>, <c>show</c>) apply to both sides alike.
/// </summary>
public static class DiffRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var q = new QueryParams(request);
        var profileType = q.ProfileType();
        var maxNodes = q.MaxNodes();
        var maxFunctions = q.MaxFunctions();
        var options = q.StackOptions();
        var (baselineSource, baselineRequest) = Side(q, "baseline", profileType);
        var (comparisonSource, comparisonRequest) = Side(q, "comparison", profileType);
        // Both sides at once: they may be different servers.
        var baselineTask = SelectionStacks.MergeAsync(baselineSource, baselineRequest, options, cancellationToken);
        var comparisonTask = SelectionStacks.MergeAsync(comparisonSource, comparisonRequest, options, cancellationToken);
        await Task.WhenAll(baselineTask, comparisonTask).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var type = ProfileTypeInfo.Describe(profileType);
        return GraphAnswers.Diff(type, type, baselineTask.Result, comparisonTask.Result, maxNodes, maxFunctions);
    }

    private static (IProfileSource, MergeRequest) Side(QueryParams q, string side, string profileType)
    {
        var selector = q.Selector($"{side}Selector");
        var range = q.Range($"{side}From", $"{side}To");
        return (q.Source($"{side}Datasource"), new MergeRequest(profileType, selector, range));
    }
}
