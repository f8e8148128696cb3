using System.Net;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Standalone;

/// <summary>Options of <c>gpx_hotpath serve</c>.</summary>
public sealed record ServeOptions(IPEndPoint Listen, string DataPath, bool Demo, string? WebRoot, string? ConfigFile, LogLevel LogLevel)
{
    public const string Usage = "usage: gpx_hotpath serve [--listen 127.0.0.1:4040] [--data DIR] [--demo] [--retention AGE] [--retention-size SIZE] [--web DIR] [--config FILE] [--log-level LEVEL]";

    /// <summary>Profiles older than this are deleted by the store's retention sweep (<c>--retention 7d</c>); null keeps them.</summary>
    public TimeSpan? RetentionAge { get; init; }

    /// <summary>The store deletes its oldest profiles while it uses more than this (<c>--retention-size 10GB</c>); null = no bound.</summary>
    public long? RetentionBytes { get; init; }

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
                "--retention" => options with { RetentionAge = ParseAge(Value()) },
                "--retention-size" => options with { RetentionBytes = ParseSize(Value()) },
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

    /// <summary><c>&lt;n&gt;m</c>, <c>h</c>, <c>d</c> or <c>w</c>: minutes, hours, days, weeks; at least one minute.</summary>
    internal static TimeSpan ParseAge(string text)
    {
        if (text.Length >= 2 && long.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (text[^1])
            {
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
                case 'w': return TimeSpan.FromDays(7 * n);
            }
        }
        throw new ArgumentException($"--retention '{text}' is not an age such as 90m, 48h, 7d or 2w");
    }

    /// <summary>Bytes, or a number with MB, GB (10^6, 10^9) or MiB, GiB (2^20, 2^30); at least 1 MiB.</summary>
    internal static long ParseSize(string text)
    {
        (string Suffix, long Factor)[] units = [("GiB", 1L << 30), ("MiB", 1L << 20), ("GB", 1_000_000_000), ("MB", 1_000_000), ("", 1)];
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(0, text.Length - suffix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                && n <= long.MaxValue / factor && n * factor >= 1L << 20)
            {
                return n * factor;
            }
        }
        throw new ArgumentException($"--retention-size '{text}' is not a size of at least 1 MiB such as 500MB, 10GB or 2GiB");
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
