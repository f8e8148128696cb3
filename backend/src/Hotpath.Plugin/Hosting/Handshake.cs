namespace Hotpath.Plugin.Hosting;

/// <summary>
/// go-plugin's handshake, the only thing the plugin ever writes to stdout. Values fixed by the
/// protocol: never change them.
/// </summary>
public static class Handshake
{
    /// <summary>Environment variable Grafana sets; its value is "datasource" for every plugin type, apps included.</summary>
    public const string MagicCookieKey = "grafana_plugin_type";
    public const string MagicCookieValue = "datasource";

    /// <summary>go-plugin's core protocol version.</summary>
    public const int CoreProtocolVersion = 1;

    /// <summary>Grafana's plugin protocol version (the only one it offers).</summary>
    public const int AppProtocolVersion = 2;

    /// <summary><c>1|2|tcp|127.0.0.1:PORT|grpc</c>: core version, app version, network, address, protocol.</summary>
    public static string Line(int port) => $"{CoreProtocolVersion}|{AppProtocolVersion}|tcp|127.0.0.1:{port}|grpc";

    /// <summary>
    /// Null when the environment is Grafana's, else why not. <c>PLUGIN_PROTOCOL_VERSIONS</c>, when set,
    /// must offer version 2.
    /// </summary>
    public static string? CheckEnvironment(Func<string, string?> getEnv)
    {
        var cookie = getEnv(MagicCookieKey);
        if (cookie != MagicCookieValue)
        {
            return cookie is null
                ? $"{MagicCookieKey} is not set: this is a Grafana plugin and Grafana starts it; run 'gpx_hotpath serve' for the standalone server"
                : $"{MagicCookieKey} is '{cookie}', expected '{MagicCookieValue}': this executable is a Grafana backend plugin";
        }
        var versions = getEnv("PLUGIN_PROTOCOL_VERSIONS");
        if (!string.IsNullOrEmpty(versions) && !versions.Split(',').Any(v => v.Trim() == AppProtocolVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            return $"PLUGIN_PROTOCOL_VERSIONS is '{versions}', but this plugin speaks protocol version {AppProtocolVersion}";
        }
        return null;
    }
}
