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

    public static readonly IPEndPoint DefaultListen = new(IPAddress.Loopback, 4040);

    public static string DefaultDataPath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "hotpath");
}
