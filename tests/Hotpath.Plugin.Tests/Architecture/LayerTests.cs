using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Architecture;

/// <summary>
/// The layers of docs/architecture.md as rules a build can break. Which project imports which is
/// read from the built assemblies' reference tables: what the compiler bound, not what a .csproj
/// lists (a reference nothing uses is not an import). That the executable touches the store only in
/// its composition root is read from its source files, because the rule is about files
/// (<c>Program.cs</c> and <c>Hosting/</c>) and compiled IL does not say which file a type came from.
/// </summary>
public sealed partial class LayerTests
{
    /// <summary>Of our own assemblies, the ones each may reference: each layer only those below it.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Hotpath.Engine"] = [],
        ["Hotpath.Store"] = ["Hotpath.Engine"],
        ["Hotpath.Pyroscope"] = ["Hotpath.Engine"],
        ["Hotpath.Query"] = ["Hotpath.Engine", "Hotpath.Store", "Hotpath.Pyroscope"],
        ["gpx_hotpath"] = ["Hotpath.Engine", "Hotpath.Store", "Hotpath.Pyroscope", "Hotpath.Query"],
    };

    private static IEnumerable<string> Assemblies => Allowed.Keys;

    [TestCaseSource(nameof(Assemblies))]
    public void Each_project_imports_only_the_layers_below_it(string assembly)
    {
        OurReferences(assembly).Should().BeSubsetOf(Allowed[assembly],
            "{0} may import only {1} (docs/architecture.md, \"Which project may import which\")",
            assembly, Allowed[assembly].Length == 0 ? "nothing of ours" : string.Join(", ", Allowed[assembly]));
    }

    /// <summary>The reader sees real imports, so an empty answer above means none, not a blind check.</summary>
    [Test]
    public void The_reference_reader_sees_the_imports_that_exist()
    {
        OurReferences("Hotpath.Query").Should().Contain(["Hotpath.Engine", "Hotpath.Pyroscope"]);
        OurReferences("gpx_hotpath").Should().Contain(["Hotpath.Query", "Hotpath.Store"]);
    }

    [Test]
    public void Only_the_composition_root_of_the_executable_imports_the_store()
    {
        var outside = StoreImports(PluginSource()).Where(hit => !IsCompositionRoot(hit.File)).Select(hit => hit.ToString());

        outside.Should().BeEmpty("only Program.cs and Hosting/ open the store; the rest of the executable "
                                 + "reaches it through Hotpath.Query's interfaces");
    }

    /// <summary>The source scan finds the imports the composition root does have.</summary>
    [Test]
    public void The_source_scan_sees_the_composition_roots_store_imports()
    {
        StoreImports(PluginSource()).Should().Contain(hit => hit.File == "Hosting/StandaloneStore.cs");
    }

    [TestCase("using Hotpath.Store.Storage;", true)]
    [TestCase("global using Hotpath.Store;", true)]
    [TestCase("using Db = Hotpath.Store.Sqlite.SqliteConnection;", true)]
    [TestCase("        var store = Hotpath.Store.Storage.ProfileStore.Open(path);", true)]
    [TestCase("/// <summary>Opens Hotpath.Store.Storage.ProfileStore.</summary>", false)]
    [TestCase("    // Hotpath.Store's SqliteConnection loads it by name", false)]
    [TestCase("using Hotpath.StoreFront;", false)]
    [TestCase("using Hotpath.Query.Stores;", false)]
    public void A_store_import_is_a_using_or_a_qualified_name_in_code(string line, bool imports)
    {
        ImportsStore(line).Should().Be(imports);
    }

    private static bool IsCompositionRoot(string file) => file == "Program.cs" || file.StartsWith("Hosting/", StringComparison.Ordinal);

    private static bool ImportsStore(string line)
    {
        var code = line.TrimStart();
        return !code.StartsWith("//", StringComparison.Ordinal) && !code.StartsWith('*') && StoreName().IsMatch(code);
    }

    private static IEnumerable<StoreImport> StoreImports(string sourceRoot) =>
        from path in Directory.EnumerateFiles(sourceRoot, "*.cs", SearchOption.AllDirectories)
        let file = Path.GetRelativePath(sourceRoot, path).Replace('\\', '/')
        where !file.StartsWith("obj/", StringComparison.Ordinal) && !file.StartsWith("bin/", StringComparison.Ordinal)
        from numbered in File.ReadLines(path).Select((text, index) => (text, number: index + 1))
        where ImportsStore(numbered.text)
        select new StoreImport(file, numbered.number, numbered.text.Trim());

    /// <summary>The names of our assemblies that <paramref name="assembly"/> references.</summary>
    private static string[] OurReferences(string assembly)
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, assembly + ".dll");
        File.Exists(path).Should().BeTrue("the test's output holds every backend assembly (it references the executable)");
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences
            .Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name))
            .Where(name => Allowed.ContainsKey(name))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static string PluginSource()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "backend", "src", "Hotpath.Plugin");
            if (File.Exists(Path.Combine(candidate, "Hotpath.Plugin.csproj")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("backend/src/Hotpath.Plugin not found above " + TestContext.CurrentContext.TestDirectory);
    }

    /// <summary>A namespace or type of Hotpath.Store named in code: a using directive, an alias, or a qualified name.</summary>
    [GeneratedRegex(@"\bHotpath\.Store\b")]
    private static partial Regex StoreName();

    private sealed record StoreImport(string File, int Line, string Text)
    {
        public override string ToString() => $"{File}:{Line}: {Text}";
    }
}
