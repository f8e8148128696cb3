using Hotpath.Engine.Errors;
using Hotpath.Query.Routing;
using Hotpath.Query.Settings;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage;
using Hotpath.Store.UserData;

namespace Hotpath.Query.Routes.Views;

/// <summary>
/// Whose data a request touches and where it lives: the Grafana org and user (standalone and
/// anonymous requests share one user, the empty login) in the embedded store's user-data tables.
/// </summary>
internal static class UserScope
{
    public static Owner Owner(ResourceRequest request) => new(request.Context.OrgId, request.Context.UserLogin ?? "");

    /// <summary>
    /// The user-data store. Inside Grafana the instance opens the embedded store on first use of an
    /// embedded source, so one is asked for when the store is not open yet; a plugin error when
    /// there is still none (no embedded store in this process, or it does not open).
    /// </summary>
    public static UserDataStore Store(ResourceRequest request)
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

    /// <summary>Runs a store call; its failures become plugin errors that say what failed, never a bare 500.</summary>
    public static async Task<T> RunAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (StoreBusyException e)
        {
            throw new ResourceError(ErrorKind.Plugin, $"{what}: {e.Message}");
        }
        catch (StoreFullException e)
        {
            throw new ResourceError(ErrorKind.InsufficientStorage, $"{what}: {e.Message}");
        }
        catch (Exception e) when (e is SqliteException or IOException or ObjectDisposedException or StoreCorruptException or StoreReadOnlyException)
        {
            throw new ResourceError(ErrorKind.Plugin, $"{what}: the embedded store failed: {e.Message}");
        }
    }

    /// <summary>A new random id: 128 bits as 32 lowercase hex digits.</summary>
    public static string NewId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
