using System.Text;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// The command line's way to the console, and the one place outside the composition root that
/// touches it (BannedSymbols.txt). Large outputs go through a buffered UTF-8 writer: the console's
/// own writer flushes on every write, which costs more than computing the output.
/// </summary>
internal static class Output
{
    /// <summary>The process's stderr as a stream, for <c>serve</c>'s JSON log.</summary>
    public static Stream StandardError() => Console.OpenStandardError();

    /// <summary>The process's stdin, for <c>hash-password</c>.</summary>
    public static TextReader StandardInput() => Console.In;

    public static TextWriter Buffered(TextWriter stdout) =>
        ReferenceEquals(stdout, Console.Out)
            ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { NewLine = "\n" }
            : stdout;

    public static void Finish(TextWriter writer, TextWriter stdout)
    {
        writer.Flush();
        if (!ReferenceEquals(writer, stdout))
        {
            writer.Dispose();
        }
    }
}
