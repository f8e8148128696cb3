using Hotpath.Query.Routing;
using Hotpath.Query.Selectors;

namespace Hotpath.Query.Routes;

public sealed record LabelNameList(IReadOnlyList<string> Names);

/// <summary>
/// <c>GET label-names</c>: label names of the selected series (of one profile type when given) with
/// data in range, sorted, reserved <c>__x__</c> names left out: for filter autocompletion.
/// </summary>
public static class LabelNamesRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var query = new QueryParams(request);
        var source = query.Source();
        var selector = ScopedSelector(query);
        var range = query.Range();
        var names = await source.LabelNamesAsync(selector, range, cancellationToken).ConfigureAwait(false);
        return ResourceResponse.Json(new LabelNameList([.. names.Where(n => !SelectorText.IsReserved(n))]), QueryJson.Wire.LabelNameList);
    }

    /// <summary><c>selector</c>, restricted to <c>profileType</c> when the request names one.</summary>
    internal static string ScopedSelector(QueryParams query)
    {
        var selector = query.Selector();
        return query.Optional("profileType") is null ? selector : SelectorText.WithProfileType(selector, query.ProfileType());
    }
}
