using Hotpath.Engine.Selection;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Routes.Support;

/// <summary>
/// Route tests that read one demo store for the whole fixture: opened before its first test,
/// closed and deleted after its last. The tests only read it.
/// </summary>
public abstract class DemoStoreRoutes
{
    /// <summary>The fixture's store; its <see cref="DemoStore.Instance"/> serves the routes.</summary>
    private protected DemoStore Demo { get; private set; } = null!;

    /// <summary>The demo data's hour, ending at <see cref="DemoStore.Now"/>.</summary>
    protected static TimeRange LastHour => DemoStore.LastHour;

    [OneTimeSetUp]
    public async Task OpenDemoStore() => Demo = await DemoStore.OpenAsync();

    [OneTimeTearDown]
    public async Task CloseDemoStore() => await Demo.DisposeAsync();
}
