using Hotpath.Store.Demo;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;

namespace Hotpath.Query.Tests.Routes.Support;

/// <summary>
/// An empty temporary store a test fills itself with small CPU profiles of known content: each push
/// is one profile of <c>main;work</c> = 60·weight and <c>main;idle</c> = 40·weight (nanoseconds of CPU).
/// </summary>
public sealed class SmallStore : IAsyncDisposable
{
    public const string CpuType = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";

    private SmallStore(string folder, ProfileStore store)
    {
        Folder = folder;
        Store = store;
    }

    public string Folder { get; }

    public ProfileStore Store { get; }

    public static Task<SmallStore> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hotpath-small-" + Guid.NewGuid().ToString("N"));
        return Task.FromResult(new SmallStore(folder, ProfileStore.Open(folder, new StoreOptions { SweepInterval = null })));
    }

    public Task PushAsync(string service, long timeMs, long weight = 1, params (string Name, string Value)[] labels)
    {
        var builder = new ProfileBuilder([("cpu", "nanoseconds")], ("cpu", "nanoseconds"), 10_000_000);
        builder.Add(["main", "work"], [60 * weight]);
        builder.Add(["main", "idle"], [40 * weight]);
        var profile = builder.Build(timeMs * 1_000_000, 10_000_000_000);
        var all = new List<(string, string)> { ("service_name", service) };
        all.AddRange(labels);
        return Store.IngestAsync(new IngestItem(LabelSet.Of([.. all]), profile, timeMs * 1_000_000, 10_000_000_000));
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
