using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Selection;
using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Routing;
using Hotpath.Query.Services;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Routes;

/// <summary>
/// <c>GET services</c>: every service with data in range and its profile types, from one label scan
/// (<c>service_name</c> × <c>__profile_type__</c>), cached per source and range rounded to 10 s.
/// </summary>
public static class ServicesRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var query = new QueryParams(request);
        var source = query.Source();
        var range = query.Range();
        var list = await request.Context.Instance.ServicesCache
            .GetOrLoadAsync(source.Uid, range, rounded => LoadAsync(source, rounded, cancellationToken))
            .ConfigureAwait(false);
        return ResourceResponse.Json(list, QueryJson.Wire.ServiceList);
    }

    /// <summary>The list over <paramref name="range"/> exactly (the cache rounds before calling).</summary>
    public static async Task<ServiceList> LoadAsync(IProfileSource source, TimeRange range, CancellationToken cancellationToken)
    {
        var sets = await source.SeriesLabelsAsync("{}", [ReservedLabels.ServiceName, ReservedLabels.ProfileType], range, cancellationToken).ConfigureAwait(false);
        var byService = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var types = new SortedDictionary<string, ProfileTypeId>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            // A series without a service or a readable type cannot be shown in the grid.
            if (set.Get(ReservedLabels.ServiceName) is not { Length: > 0 } service
                || set.Get(ReservedLabels.ProfileType) is not { } typeText
                || !ProfileTypeId.TryParse(typeText, out var type))
            {
                continue;
            }
            var id = type.ToString();
            types.TryAdd(id, type);
            if (!byService.TryGetValue(service, out var ofService))
            {
                ofService = new SortedSet<string>(StringComparer.Ordinal);
                byService[service] = ofService;
            }
            ofService.Add(id);
        }
        return new ServiceList(
            [.. types.Values.Select(ProfileTypeInfo.Describe)],
            [.. byService.Select(s => new ServiceEntry(s.Key, [.. s.Value]))]);
    }
}
