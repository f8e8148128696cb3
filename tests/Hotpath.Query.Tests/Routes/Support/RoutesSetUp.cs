using NUnit.Framework;

namespace Hotpath.Query.Tests.Routes;

/// <summary>Closes and deletes the shared demo store once every route test has run.</summary>
[SetUpFixture]
public sealed class RoutesSetUp
{
    [OneTimeTearDown]
    public Task TearDown() => Support.SeededStore.DisposeSharedAsync();
}
