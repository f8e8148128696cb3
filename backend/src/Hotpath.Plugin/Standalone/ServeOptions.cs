using System.Net;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Standalone;

/// <summary>Options of <c>gpx_hotpath serve</c>.</summary>
public sealed record ServeOptions(IPEndPoint Listen, string DataPath, bool Demo, string? WebRoot, string? ConfigFile, LogLevel LogLevel)
{
    public const string Usage = "usage: gpx_hotpath serve [--listen 127.0.0.1:4040] [--data DIR] [--demo] [--web DIR] [--config FILE] [--log-level LEVEL]";

    public static readonly IPEndPoint DefaultListen = new(IPAddress.Loopback, 4040);

    public static string DefaultDataPath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "hotpath");

    /// <summary>Parses the arguments after <c>serve</c>; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public static ServeOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ServeOptions(DefaultListen, DefaultDataPath, false, null, null, LogLevel.Information);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            options = arg switch
            {
                "--listen" => options with { Listen = ParseEndpoint(Value()) },
                "--data" => options with { DataPath = Value() },
                "--demo" => options with { Demo = true },
                "--web" => options with { WebRoot = Value() },
                "--config" => options with { ConfigFile = Value() },
                "--log-level" => options with
                {
                    LogLevel = Logging.JsonStderrLoggerProvider.ParseLevel(args.ElementAtOrDefault(i + 1)) is { } level && ++i > 0
                        ? level
                        : throw new ArgumentException("--log-level takes trace, debug, info, warn or error"),
                },
                _ => throw new ArgumentException($"unknown option '{arg}'"),
            };
        }
        return options;
    }

    private static IPEndPoint ParseEndpoint(string text)
    {
        if (text.StartsWith(':'))
        {
            text = "127.0.0.1" + text;
        }
        if (!IPEndPoint.TryParse(text, out var endpoint) || endpoint.Port == 0 && !text.EndsWith(":0", StringComparison.Ordinal))
        {
            throw new ArgumentException($"--listen '{text}' is not an address:port such as 127.0.0.1:4040");
        }
        return endpoint;
    }
}
