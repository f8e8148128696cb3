using Hotpath.Store.Storage;

namespace Hotpath.Query.Tests.Routes.Support;

/// <summary>A temporary embedded store with no profiles, that a test can close and open again.</summary>
internal sealed class EmptyStore : IAsyncDisposable
{
    public EmptyStore()
    {
        Folder = Path.Combine(Path.GetTempPath(), "hotpath-userdata-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Store = ProfileStore.Open(Folder, new StoreOptions { Time = Clock, SweepInterval = null });
        Instance = DemoStore.NewInstance(Store, Clock);
    }

    public string Folder { get; }
    public ManualClock Clock { get; } = new(DemoStore.Now);
    public ProfileStore Store { get; private set; }
    public HotpathInstance Instance { get; private set; }

    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = ProfileStore.Open(Folder, new StoreOptions { Time = Clock, SweepInterval = null });
        Instance = DemoStore.NewInstance(Store, Clock);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
