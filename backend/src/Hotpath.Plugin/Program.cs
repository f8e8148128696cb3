using Hotpath.Plugin.Cli;
using Hotpath.Plugin.Hosting;
using Hotpath.Plugin.Logging;

// One executable, three ways to run (docs/architecture.md):
//   started by Grafana (go-plugin's magic cookie in the environment, no arguments) → plugin host;
//   anything else → the command line (`serve`, the file commands, --help, --version).
var stderr = Console.OpenStandardError();

if (args.Length == 0 && Environment.GetEnvironmentVariable(Handshake.MagicCookieKey) is not null)
{
    if (Handshake.CheckEnvironment(Environment.GetEnvironmentVariable) is { } problem)
    {
        Console.Error.WriteLine($"gpx_hotpath: {problem}");
        return 1;
    }
    var level = JsonStderrLoggerProvider.ParseLevel(Environment.GetEnvironmentVariable("GF_PLUGIN_LOG_LEVEL"))
        ?? JsonStderrLoggerProvider.ParseLevel(Environment.GetEnvironmentVariable("HOTPATH_LOG_LEVEL"))
        ?? Microsoft.Extensions.Logging.LogLevel.Information;
    var pluginLog = new JsonStderrLoggerProvider(stderr, level);
    // stdout belongs to go-plugin's handshake: keep the real stream for it, and send anything
    // else that prints to Console.Out into the JSON log on stderr instead.
    var stdout = Console.OpenStandardOutput();
    Console.SetOut(new StrayOutputWriter(pluginLog));
    return await PluginHost.RunAsync(stdout, pluginLog);
}

return await CommandLine.RunAsync(args, Console.Out, Console.Error);
