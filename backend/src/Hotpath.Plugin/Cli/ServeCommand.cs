using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using Hotpath.Plugin.Hosting;
using Hotpath.Plugin.Logging;
using Hotpath.Plugin.Standalone;
using Hotpath.Query.Settings;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Cli;

/// <summary><c>gpx_hotpath serve [options]</c>: reads <see cref="ServeOptions"/> and runs the <see cref="StandaloneServer"/>.</summary>
internal sealed class ServeCommand : CliCommand
{
    private readonly Option<IPEndPoint> _listen = new("--listen")
    {
        HelpName = "ADDR",
        Description = "Address and port to listen on (HTTP); ':PORT' means 127.0.0.1:PORT, port 0 picks a free one.",
        DefaultValueFactory = _ => ServeOptions.DefaultListen,
        CustomParser = result => ParseEndpoint(CliSymbols.Value(result)) is { } endpoint ? endpoint : Refuse<IPEndPoint>(result,
            $"--listen '{CliSymbols.Value(result)}' is not an address:port such as 127.0.0.1:4040"),
    };

    private readonly Option<string> _data = new("--data")
    {
        HelpName = "DIR",
        Description = "Folder of the embedded profile store (SQLite); created if missing.",
        DefaultValueFactory = _ => ServeOptions.DefaultDataPath,
    };

    private readonly Option<bool> _demo = new("--demo")
    {
        Description = $"Seed {StandaloneStore.DemoHours} hours of demo data (a small shop of seven services) when the store is empty.",
    };

    private readonly Option<TimeSpan?> _retention = new("--retention")
    {
        HelpName = "AGE",
        Description = "Delete profiles older than AGE: a number with m, h, d or w (90m, 48h, 7d, 2w). Default: keep them.",
        CustomParser = result => ParseAge(CliSymbols.Value(result)) ?? Refuse<TimeSpan?>(result,
            $"--retention '{CliSymbols.Value(result)}' is not an age such as 90m, 48h, 7d or 2w"),
    };

    private readonly Option<long?> _retentionSize = new("--retention-size")
    {
        HelpName = "SIZE",
        Description = "Delete the oldest profiles while the store is larger than SIZE: bytes, or a number with MB, GB, "
                      + "MiB or GiB (500MB, 10GB); at least 1 MiB. Default: no bound.",
        CustomParser = result => ParseSize(CliSymbols.Value(result)) ?? Refuse<long?>(result,
            $"--retention-size '{CliSymbols.Value(result)}' is not a size of at least 1 MiB such as 500MB, 10GB or 2GiB"),
    };

    private readonly Option<string> _web = new("--web")
    {
        HelpName = "DIR",
        Description = "Folder of the standalone page to serve at / (default: standalone/ beside the executable).",
    };

    private readonly Option<string> _config = new("--config")
    {
        HelpName = "FILE",
        Description = "Settings as Grafana would hold them: {\"jsonData\": {...}, \"secureJsonData\": {...}} "
                      + "(data sources, Pyroscope servers). Default: one embedded store in --data.",
    };

    private readonly Option<LogLevel?> _logLevel = new("--log-level")
    {
        HelpName = "LEVEL",
        Description = "Least level of the JSON log lines on stderr: trace, debug, info, warn or error (default info).",
        CustomParser = result => JsonStderrLoggerProvider.ParseLevel(CliSymbols.Value(result))
                                 ?? Refuse<LogLevel?>(result, "--log-level takes trace, debug, info, warn or error"),
    };

    private readonly Option<string[]> _allowedHosts = new("--allowed-hosts")
    {
        HelpName = "NAME,...",
        Description = "Host names this server answers for besides IP addresses and localhost (the names users and agents "
                      + "reach it by when it listens beyond loopback); '*' answers any. Other names get 421, which stops DNS rebinding.",
        CustomParser = result => SplitList(CliSymbols.Value(result)),
    };

    private readonly Option<string[]> _corsOrigin = new("--cors-origin")
    {
        HelpName = "ORIGIN,...",
        Description = "Origins (scheme://host[:port]) whose pages may call this server from a browser. Default: none; "
                      + "other sites' requests that change state get 403 and their answers stay unreadable.",
        CustomParser = result =>
        {
            var origins = SplitList(CliSymbols.Value(result));
            foreach (var origin in origins)
            {
                if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/"
                    || uri.Query.Length > 0 || origin.TrimEnd('/').Length != uri.GetLeftPart(UriPartial.Authority).Length)
                {
                    return Refuse<string[]>(result, $"--cors-origin '{origin}' is not an origin such as https://grafana.example.com");
                }
            }
            return origins;
        },
    };

    private readonly Option<string> _authTokenFile = new("--auth-token-file")
    {
        HelpName = "FILE",
        Description = "Accept requests carrying 'Authorization: Bearer TOKEN' for a TOKEN listed in FILE (one per line, at least 16 characters).",
    };

    private readonly Option<string> _basicAuthFile = new("--basic-auth-file")
    {
        HelpName = "FILE",
        Description = "Accept basic auth for the USER:HASH lines in FILE (HASH from 'gpx_hotpath hash-password'). "
                      + "With either file, every request but /ready needs credentials.",
    };

    private readonly Option<bool> _insecure = new("--insecure-allow-unauthenticated")
    {
        Description = "Serve a non-loopback --listen address without credentials (anyone who can reach it can read and push profiles).",
    };

    private readonly Option<string> _tlsCert = new("--tls-cert")
    {
        HelpName = "FILE",
        Description = "Serve HTTPS with this PEM certificate (chain) and --tls-key.",
    };

    private readonly Option<string> _tlsKey = new("--tls-key")
    {
        HelpName = "FILE",
        Description = "PEM private key of --tls-cert.",
    };

    private readonly Option<long?> _maxInFlight = new("--max-inflight-bytes")
    {
        HelpName = "SIZE",
        Description = "Most bytes of request bodies held in memory at once, over all requests (as --retention-size; default 320MiB). "
                      + "Requests that would pass it get 429 with Retry-After.",
        CustomParser = result => ParseSize(CliSymbols.Value(result)) ?? Refuse<long?>(result,
            $"--max-inflight-bytes '{CliSymbols.Value(result)}' is not a size of at least 1 MiB such as 256MiB or 1GB"),
    };

    private readonly Option<int?> _maxSeries = Count("--max-series", 0,
        "Most active series (a profile in the last hour) in the store; a push that would add another gets 429 with Pyroscope's message. Default 5000 (Pyroscope's); 0 = no limit.");

    private readonly Option<int?> _maxLabelNames = Count("--max-label-names-per-series", 1, "Most labels on one series (Pyroscope's max_label_names_per_series, default 30).");

    private readonly Option<int?> _maxLabelName = Count("--max-label-name-length", 1, "Longest label name (Pyroscope's max_label_name_length, default 1024).");

    private readonly Option<int?> _maxLabelValue = Count("--max-label-value-length", 1, "Longest label value (Pyroscope's max_label_value_length, default 2048).");

    private static Option<int?> Count(string name, int least, string description) => new(name)
    {
        HelpName = "N",
        Description = description,
        CustomParser = result => int.TryParse(CliSymbols.Value(result), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= least
            ? n
            : Refuse<int?>(result, $"{name} '{CliSymbols.Value(result)}' is not a whole number of at least {least}"),
    };

    public ServeCommand()
        : base("serve",
            "Runs the standalone server (the app without Grafana).",
            "Serves the app's page at /, its resource routes at the same paths as inside Grafana, Pyroscope's ingest (/ingest, Push) and query APIs on the embedded store, /ready and /metrics. Prints 'Hotpath is serving on http://ADDR' on stdout once it listens; logs go to stderr as JSON lines. SIGTERM or Ctrl-C stop it gracefully.")
    {
        Add(_listen);
        Add(_data);
        Add(_demo);
        Add(_retention);
        Add(_retentionSize);
        Add(_web);
        Add(_config);
        Add(_logLevel);
        Add(_allowedHosts);
        Add(_corsOrigin);
        Add(_authTokenFile);
        Add(_basicAuthFile);
        Add(_insecure);
        Add(_tlsCert);
        Add(_tlsKey);
        Add(_maxInFlight);
        Add(_maxSeries);
        Add(_maxLabelNames);
        Add(_maxLabelName);
        Add(_maxLabelValue);
        SetAction((result, _) => RunAsync(Bind(result), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
    }

    /// <summary>The options of <c>serve ARGS</c>; throws <see cref="ArgumentException"/> with the usage problem (the words the command line prints).</summary>
    internal static ServeOptions Parse(IReadOnlyList<string> args)
    {
        var root = CommandLine.Build(StackLoaders.Files);
        var result = root.Parse(["serve", .. args]);
        if (Usage.Problem(result) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        return ((ServeCommand)result.CommandResult.Command).Bind(result);
    }

    private ServeOptions Bind(ParseResult result) =>
        new(result.GetValue(_listen)!, result.GetValue(_data)!, result.GetValue(_demo), result.GetValue(_web), result.GetValue(_config),
            result.GetValue(_logLevel) ?? LogLevel.Information)
        {
            RetentionAge = result.GetValue(_retention),
            RetentionBytes = result.GetValue(_retentionSize),
            AllowedHosts = result.GetValue(_allowedHosts) ?? [],
            CorsOrigins = result.GetValue(_corsOrigin) ?? [],
            AuthTokenFile = result.GetValue(_authTokenFile),
            BasicAuthFile = result.GetValue(_basicAuthFile),
            AllowUnauthenticated = result.GetValue(_insecure),
            TlsCertFile = result.GetValue(_tlsCert),
            TlsKeyFile = result.GetValue(_tlsKey),
            MaxInFlightBytes = result.GetValue(_maxInFlight) ?? InFlightBudget.DefaultBytes,
            MaxSeries = result.GetValue(_maxSeries) ?? 5000,
            IngestLimits = Query.Ingest.IngestLimits.Default with
            {
                MaxLabelNamesPerSeries = result.GetValue(_maxLabelNames) ?? Query.Ingest.IngestLimits.Default.MaxLabelNamesPerSeries,
                MaxLabelNameLength = result.GetValue(_maxLabelName) ?? Query.Ingest.IngestLimits.Default.MaxLabelNameLength,
                MaxLabelValueLength = result.GetValue(_maxLabelValue) ?? Query.Ingest.IngestLimits.Default.MaxLabelValueLength,
            },
        };

    /// <summary>
    /// A server beyond loopback answers anyone who can reach it, so it needs credentials or an
    /// explicit, warned-about opt-out; TLS needs its certificate and key together.
    /// </summary>
    public override string? Check(ParseResult result)
    {
        if (result.Given(_tlsCert) != result.Given(_tlsKey))
        {
            return "--tls-cert and --tls-key go together";
        }
        var listen = result.GetValue(_listen)!;
        var credentials = result.Given(_authTokenFile) || result.Given(_basicAuthFile);
        if (!IPAddress.IsLoopback(listen.Address) && !credentials && !result.GetValue(_insecure))
        {
            return $"--listen {listen} is not a loopback address: give --auth-token-file or --basic-auth-file, "
                   + "or --insecure-allow-unauthenticated to serve it without credentials";
        }
        return null;
    }

    private static string[] SplitList(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<int> RunAsync(ServeOptions options, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            return await StandaloneServer.RunAsync(options, new JsonStderrLoggerProvider(Output.StandardError(), options.LogLevel), stdout, stderr)
                .ConfigureAwait(false);
        }
        catch (SettingsException e)
        {
            await stderr.WriteLineAsync($"{CommandLine.Name} serve: {e.Message}").ConfigureAwait(false);
            return CommandLine.BadInput;
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            await stderr.WriteLineAsync($"{CommandLine.Name} serve: cannot listen on {options.Listen}: {e.Message}").ConfigureAwait(false);
            return CommandLine.BadInput;
        }
    }

    private static T? Refuse<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }

    /// <summary><c>&lt;n&gt;m</c>, <c>h</c>, <c>d</c> or <c>w</c>: minutes, hours, days, weeks; at least one minute. Null when it is not.</summary>
    internal static TimeSpan? ParseAge(string text)
    {
        if (text.Length >= 2 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (text[^1])
            {
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
                case 'w': return TimeSpan.FromDays(7 * n);
            }
        }
        return null;
    }

    /// <summary>Bytes, or a number with MB, GB (10^6, 10^9) or MiB, GiB (2^20, 2^30); at least 1 MiB. Null when it is not.</summary>
    internal static long? ParseSize(string text)
    {
        (string Suffix, long Factor)[] units = [("GiB", 1L << 30), ("MiB", 1L << 20), ("GB", 1_000_000_000), ("MB", 1_000_000), ("", 1)];
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                && n <= long.MaxValue / factor && n * factor >= 1L << 20)
            {
                return n * factor;
            }
        }
        return null;
    }

    /// <summary><c>host:port</c>, or <c>:port</c> for loopback. Null when it is not.</summary>
    private static IPEndPoint? ParseEndpoint(string text)
    {
        if (text.StartsWith(':'))
        {
            text = "127.0.0.1" + text;
        }
        return IPEndPoint.TryParse(text, out var endpoint) && (endpoint.Port != 0 || text.EndsWith(":0", StringComparison.Ordinal)) ? endpoint : null;
    }
}
