using System.Net;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Standalone;

/// <summary>Options of <c>gpx_hotpath serve</c> (read from the command line by <see cref="Cli.ServeCommand"/>).</summary>
public sealed record ServeOptions(IPEndPoint Listen, string DataPath, bool Demo, string? WebRoot, string? ConfigFile, LogLevel LogLevel)
{
    /// <summary>Profiles older than this are deleted by the store's retention sweep (<c>--retention 7d</c>); null keeps them.</summary>
    public TimeSpan? RetentionAge { get; init; }

    /// <summary>The store deletes its oldest profiles while it uses more than this (<c>--retention-size 10GB</c>); null = no bound.</summary>
    public long? RetentionBytes { get; init; }

    /// <summary>Host names served besides IP literals and loopback names (<c>--allowed-hosts</c>); <c>*</c> serves any.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Origins other sites' pages may call from (<c>--cors-origin</c>); none by default.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>File of accepted bearer tokens, one per line (<c>--auth-token-file</c>).</summary>
    public string? AuthTokenFile { get; init; }

    /// <summary>File of <c>USER:HASH</c> lines for basic auth (<c>--basic-auth-file</c>).</summary>
    public string? BasicAuthFile { get; init; }

    /// <summary>Serve a non-loopback address without credentials (<c>--insecure-allow-unauthenticated</c>); warned at every start.</summary>
    public bool AllowUnauthenticated { get; init; }

    /// <summary>PEM certificate and key for HTTPS (<c>--tls-cert</c>, <c>--tls-key</c>); both or neither.</summary>
    public string? TlsCertFile { get; init; }

    public string? TlsKeyFile { get; init; }

    /// <summary>Most bytes of request bodies held in memory at once, server-wide (<c>--max-inflight-bytes</c>); beyond it requests get 429.</summary>
    public long MaxInFlightBytes { get; init; } = InFlightBudget.DefaultBytes;

    /// <summary>Most active series in the store (<c>--max-series</c>, Pyroscope's 5000 by default); 0: no limit.</summary>
    public int MaxSeries { get; init; } = 5000;

    /// <summary>Pyroscope's ingest limits, the label limits set by <c>--max-label-names-per-series</c>, <c>--max-label-name-length</c>, <c>--max-label-value-length</c>.</summary>
    public Query.Ingest.IngestLimits IngestLimits { get; init; } = Query.Ingest.IngestLimits.Default;

    public bool HasCredentials => AuthTokenFile is not null || BasicAuthFile is not null;

    public static readonly IPEndPoint DefaultListen = new(IPAddress.Loopback, 4040);

    public static string DefaultDataPath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "hotpath");
}
