using System.Text;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// Large outputs go through a buffered UTF-8 writer: the console's own writer flushes on every
/// write, which costs more than computing the output.
/// </summary>
internal static class Output
{
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
