using Hotpath.Engine.Errors;
using Hotpath.Query.Routing;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using Hotpath.Query.Stores;

namespace Hotpath.Query.Routes.Views;

/// <summary>
/// Whose data a request touches and where it lives: the Grafana org and user (standalone and
/// anonymous requests share one user, the empty login) in the embedded store's user-data tables.
/// </summary>
internal static class UserScope
{
    public static DataOwner Owner(ResourceRequest request) => new(request.Context.OrgId, request.Context.UserLogin ?? "");

    /// <summary>
    /// The user-data store. Inside Grafana the instance opens the embedded store on first use of an
    /// embedded source, so one is asked for when the store is not open yet; a plugin error when
    /// there is still none (no embedded store in this process, or it does not open).
    /// </summary>
    public static IUserData Store(ResourceRequest request)
    {
        var instance = request.Context.Instance;
        if (instance.Store is null && instance.Settings.DataSources.FirstOrDefault(s => s.Kind == DataSourceKind.Embedded) is { } embedded)
        {
            instance.Source(embedded.Uid);
        }
        return instance.Store?.UserData
            ?? throw new ResourceError(ErrorKind.Plugin,
                $"the embedded store is not open in this process (storePath '{instance.Settings.StorePath}'); ad hoc profiles, favorites and settings are kept there");
    }

    public static long NowMs(ResourceRequest request) => request.Context.Instance.Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Runs a store call; its classified failures become errors that say what failed, never a bare 500.</summary>
    public static async Task<T> RunAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (SourceException e)
        {
            throw new ResourceError(e.Kind, $"{what}: {e.Message}");
        }
    }

    /// <summary>A new random id: 128 bits as 32 lowercase hex digits.</summary>
    public static string NewId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
