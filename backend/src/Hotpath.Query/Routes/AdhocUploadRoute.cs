using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Routes.Views;
using Hotpath.Query.Routing;
using Hotpath.Store.UserData;

namespace Hotpath.Query.Routes;

/// <summary>An ad hoc profile as listed: id, file name, its profile types, when it was uploaded and when it goes.</summary>
public sealed record AdhocProfileView(string Id, string Name, IReadOnlyList<ProfileTypeDescription> ProfileTypes, long UploadedAtMs, long ExpiresAtMs);

public sealed record AdhocProfileList(IReadOnlyList<AdhocProfileView> Profiles);

/// <summary>
/// <c>POST adhoc/upload?name=FILE</c>: keeps a pprof (gzipped or not) or folded file for the calling
/// user for <see cref="Settings.QueryLimits.AdhocRetention"/>. The file is read completely before it
/// is stored, so what is kept always loads; the answer lists its profile types.
/// </summary>
public static class AdhocUploadRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var limits = request.Context.Instance.Settings.Limits;
        var q = new QueryParams(request);
        var name = q.Optional("name") ?? "profile";
        if (name.Length > 256 || name.Any(char.IsControl))
        {
            throw ResourceError.BadParameter("name", "must be a file name of at most 256 characters without control characters");
        }
        if (request.Body.IsEmpty)
        {
            throw new ResourceError(ErrorKind.BadRequest, "the request body is empty; send a pprof profile (gzipped or not) or folded stacks");
        }
        if (request.Body.Length > limits.MaxAdhocUploadBytes)
        {
            throw new ResourceError(ErrorKind.PayloadTooLarge, $"the upload is {request.Body.Length} bytes; the limit is {limits.MaxAdhocUploadBytes} bytes");
        }
        var store = UserScope.Store(request);
        var profile = AdhocProfile.Load(request.Body, name, limits.MaxAdhocDecompressedBytes);
        cancellationToken.ThrowIfCancellationRequested();
        var now = UserScope.NowMs(request);
        var row = new AdhocProfileRow(UserScope.NewId(), name, profile.ProfileTypes, now, now + (long)limits.AdhocRetention.TotalMilliseconds);
        await UserScope.RunAsync("storing the ad hoc profile", async () =>
        {
            await store.SaveAdhocAsync(UserScope.Owner(request), row, request.Body, limits.MaxAdhocUploadsPerUser, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        return ResourceResponse.Json(View(row), QueryJson.Wire.AdhocProfileView);
    }

    internal static AdhocProfileView View(AdhocProfileRow row) =>
        new(row.Id, row.Name, [.. row.ProfileTypes.Select(ProfileTypeInfo.Describe)], row.UploadedMs, row.ExpiresMs);
}
