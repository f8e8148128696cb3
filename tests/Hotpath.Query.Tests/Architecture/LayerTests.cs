using FluentAssertions;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Architecture;

/// <summary>
/// The layers as import rules, checked on the compiled assemblies: what the code refers to, not
/// what its using lines say.
/// </summary>
public class LayerTests
{
    /// <summary>The adapters where the storage's types end: the store as a source, as an ingest target, and as the application's embedded store.</summary>
    private static readonly string[] StoreAdapters =
    [
        "Hotpath.Query.Sources.EmbeddedSource",
        "Hotpath.Query.Sources.EmbeddedIngest",
        "Hotpath.Query.Sources.EmbeddedStore",
    ];

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> References(Type inAssembly) =>
        TypeReferences.Of(inAssembly.Assembly.Location);

    [Test]
    public void Query_RefersToStoreTypes_OnlyInTheEmbeddedAdapters()
    {
        var references = References(typeof(HotpathInstance));

        var offenders = references
            .Where(t => !StoreAdapters.Contains(t.Key))
            .SelectMany(t => t.Value.Where(r => r.Contains("[Hotpath.Store]", StringComparison.Ordinal)).Select(r => $"{t.Key} → {r}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        offenders.Should().BeEmpty("only the embedded adapters may see the store's types and exceptions");
        references.Should().ContainKeys(StoreAdapters);
    }

    [Test]
    public void TheRule_SeesStoreTypes_WhereTheAdaptersUseThem()
    {
        // The check above must be able to fail: the adapters' own references, read the same way, name the store.
        var references = References(typeof(HotpathInstance));

        references["Hotpath.Query.Sources.EmbeddedStore"].Should().Contain(r => r.StartsWith("[Hotpath.Store]Hotpath.Store.Storage.ProfileStore", StringComparison.Ordinal));
        references["Hotpath.Query.Sources.EmbeddedSource"].Should().Contain("[Hotpath.Store]Hotpath.Store.Sqlite.SqliteException", "a catch clause is a reference too");
    }

    [Test]
    public void PyroscopeClient_RefersToNoStoreType()
    {
        var references = References(typeof(Hotpath.Pyroscope.Client.PyroscopeClient));

        references.SelectMany(t => t.Value).Should().NotContain(r => r.Contains("[Hotpath.Store]", StringComparison.Ordinal));
        references.SelectMany(t => t.Value).Should().Contain(r => r.StartsWith("[Hotpath.Engine]", StringComparison.Ordinal), "the reader does see references to other assemblies");
    }
}
