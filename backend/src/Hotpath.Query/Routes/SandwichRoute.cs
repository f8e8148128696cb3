using Hotpath.Engine.FlameGraphs;
using Hotpath.Engine.Sandwich;
using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Routes.Views;
using Hotpath.Query.Routing;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Routes;

/// <summary>
/// <c>GET sandwich</c>: one function's callers (inverted: the function at level 1, its callers
/// below) and callees, each a flame graph truncated to <c>maxNodes</c>. Every stack containing the
/// function counts once on each side, so both sides' totals are the function table's total. Frame
/// filters (<c>focus</c>, <c>ignore</c>, <c>hide</c>, <c>show</c>) and <c>granularity</c> apply to the stacks first
/// (<c>function</c> then names a frame at that granularity).
/// </summary>
public static class SandwichRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var q = new QueryParams(request);
        var profileType = q.ProfileType();
        var function = q.Required("function");
        var selector = q.Selector();
        var range = q.Range();
        var maxNodes = q.MaxNodes();
        var options = q.StackOptions();
        var source = q.Source();
        var stacks = await SelectionStacks.MergeAsync(source, new MergeRequest(profileType, selector, range), options, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var view = SandwichView.Build(stacks, function);
        if (view.Total == 0)
        {
            throw ResourceError.BadParameter("function", $"'{function}' is not in the selection ({profileType} {selector} from {range.StartMs} to {range.EndMs})");
        }
        var callers = NestedSetFlameGraph.Build(view.Callers, maxNodes, boundTies: true);
        var callees = NestedSetFlameGraph.Build(view.Callees, maxNodes, boundTies: true);
        return JsonAnswer.Write(w =>
        {
            w.WriteStartObject();
            JsonAnswer.WriteProfileType(w, "profileType", ProfileTypeInfo.Describe(profileType));
            w.WriteString("function", function);
            w.WriteNumber("self", view.Self);
            w.WriteNumber("total", view.Total);
            w.WritePropertyName("callers");
            FlameGraphJson.WriteNestedSet(w, callers);
            w.WritePropertyName("callees");
            FlameGraphJson.WriteNestedSet(w, callees);
            w.WriteEndObject();
        });
    }
}
