namespace Hotpath.Plugin.Cli;

/// <summary>
/// The engine on files: <c>gpx_hotpath &lt;command&gt; FILE...</c>.
/// Exit codes: 0 success, 1 bad input (one line naming the file and the reason), 2 bad usage.
/// </summary>
internal static class CommandLine
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int BadUsage = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        stderr.WriteLine(args.Length == 0 ? "gpx_hotpath: no command given" : $"gpx_hotpath: unknown command '{args[0]}'");
        stderr.WriteLine("usage: gpx_hotpath serve [--listen ADDR] [--data DIR] [--demo]");
        return BadUsage;
    }
}
