using Hotpath.Query.Routes.Views;
using Hotpath.Query.Routing;

namespace Hotpath.Query.Routes;

/// <summary><c>GET adhoc/list</c>: the calling user's uploads not yet expired, newest first.</summary>
public static class AdhocListRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var store = UserScope.Store(request);
        var rows = await UserScope.RunAsync("listing ad hoc profiles", () => store.ListAdhocAsync(UserScope.Owner(request), UserScope.NowMs(request))).ConfigureAwait(false);
        return ResourceResponse.Json(new AdhocProfileList([.. rows.Select(AdhocUploadRoute.View)]), QueryJson.Wire.AdhocProfileList);
    }
}
