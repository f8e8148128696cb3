using Hotpath.Query.Routing;

namespace Hotpath.Query.Routes;

public sealed record LabelValueList(IReadOnlyList<string> Values);

/// <summary><c>GET label-values</c>: the sorted values of label <c>name</c> over the selected series with data in range.</summary>
public static class LabelValuesRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var query = new QueryParams(request);
        var source = query.Source();
        var name = query.LabelName("name");
        var selector = LabelNamesRoute.ScopedSelector(query);
        var range = query.Range();
        var values = await source.LabelValuesAsync(name, selector, range, cancellationToken).ConfigureAwait(false);
        return ResourceResponse.Json(new LabelValueList(values), QueryJson.Wire.LabelValueList);
    }
}
