using Hotpath.Engine.CallTrees;
using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Routes.Views;
using Hotpath.Query.Routing;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Routes;

/// <summary>
/// <c>GET call-tree</c>: the merged selection as a tree table, top-down or bottom-up (inverted),
/// nodes in pre-order with children by total descending, cut to <c>maxNodes</c>; frame filters and
/// <c>granularity</c> apply first.
/// </summary>
public static class CallTreeRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var q = new QueryParams(request);
        var profileType = q.ProfileType();
        var selector = q.Selector();
        var range = q.Range();
        var maxNodes = q.MaxNodes();
        var bottomUp = q.OneOf("direction", "top-down", "top-down", "bottom-up") == "bottom-up";
        var options = q.StackOptions();
        var source = q.Source();
        var stacks = await SelectionStacks.MergeAsync(source, new MergeRequest(profileType, selector, range), options, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var table = CallTreeTable.Build(stacks, bottomUp, maxNodes);
        return JsonAnswer.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("unit", ProfileTypeInfo.Describe(profileType).Unit);
            w.WriteNumber("total", table.Total);
            w.WriteNumber("truncated", table.Truncated);
            w.WriteStartArray("nodes");
            foreach (var row in table.Rows)
            {
                w.WriteStartObject();
                w.WriteString("name", row.Name);
                w.WriteNumber("depth", row.Depth);
                w.WriteNumber("self", row.Self);
                w.WriteNumber("total", row.Total);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
