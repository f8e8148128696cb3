using Hotpath.Plugin.Cli;
using Hotpath.Plugin.Hosting;
using Hotpath.Plugin.Logging;
using Hotpath.Plugin.Standalone;
using Hotpath.Query.Settings;

// One executable, three ways to run (docs/architecture.md):
//   started by Grafana (go-plugin's magic cookie in the environment, no arguments) → plugin host;
//   `serve` → standalone server; anything else → the command line.
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

if (args.Length > 0 && args[0] == "serve")
{
    ServeOptions options;
    try
    {
        options = ServeOptions.Parse(args[1..]);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine($"gpx_hotpath serve: {e.Message}");
        Console.Error.WriteLine(ServeOptions.Usage);
        return CommandLine.BadUsage;
    }
    try
    {
        return await StandaloneServer.RunAsync(options, new JsonStderrLoggerProvider(stderr, options.LogLevel), Console.Out);
    }
    catch (SettingsException e)
    {
        Console.Error.WriteLine($"gpx_hotpath serve: {e.Message}");
        return CommandLine.BadInput;
    }
    catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
    {
        Console.Error.WriteLine($"gpx_hotpath serve: cannot listen on {options.Listen}: {e.Message}");
        return CommandLine.BadInput;
    }
}

return CommandLine.Run(args, Console.Out, Console.Error);
