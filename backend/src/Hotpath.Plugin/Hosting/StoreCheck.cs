using Hotpath.Plugin.Cli;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage;

namespace Hotpath.Plugin.Hosting;

/// <summary>
/// <c>store check</c>'s work, in the composition root because it opens the store directly: the
/// command line itself only reads its options and never imports the store (docs/architecture.md).
/// </summary>
internal static class StoreCheck
{
    /// <summary>Writes the report to <paramref name="stdout"/>; exit 0 when the store is intact, 1 when damaged, missing or unreadable.</summary>
    public static int Run(string data, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var report = ProfileStore.Check(data);
            stdout.WriteLine(report.ToString());
            return report.Ok ? CommandLine.Ok : CommandLine.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StoreCorruptException or SqliteException)
        {
            return CommandLine.InputError(stderr, e.Message);
        }
    }
}
