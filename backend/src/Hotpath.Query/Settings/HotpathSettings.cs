using System.Text.Json;

namespace Hotpath.Query.Settings;

/// <summary>
/// The app's configuration, from Grafana's <c>jsonData</c> and <c>decryptedSecureJsonData</c>
/// (or the standalone server's options). Shape of jsonData:
/// <code>
/// { "dataSources": [ { "uid": "prod", "name": "Production", "kind": "pyroscope",
///                      "url": "http://pyroscope:4040", "tenant": "team-a", "default": true,
///                      "basicAuthUser": "user", "timeoutSeconds": 30 } ],
///   "storePath": "/var/lib/grafana/hotpath" }
/// </code>
/// Secrets are keyed <c>&lt;uid&gt;.basicAuthPassword</c> and <c>&lt;uid&gt;.bearerToken</c>.
/// With no data sources configured, the embedded store is the one (default) source.
/// </summary>
public sealed record HotpathSettings(IReadOnlyList<DataSourceSettings> DataSources, string StorePath)
{
    public const string EmbeddedUid = "embedded";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The bounds every view route enforces.</summary>
    public QueryLimits Limits { get; init; } = QueryLimits.Default;

    public DataSourceSettings DefaultSource => DataSources.FirstOrDefault(s => s.IsDefault) ?? DataSources[0];

    public static HotpathSettings Embedded(string storePath) =>
        new([EmbeddedSource(isDefault: true)], storePath);

    private static DataSourceSettings EmbeddedSource(bool isDefault) =>
        new(EmbeddedUid, "Embedded store", DataSourceKind.Embedded, null, null, isDefault, DefaultTimeout, null, null, null);

    /// <summary>
    /// Parses Grafana's app settings. Empty <paramref name="jsonData"/> (an app with no saved settings)
    /// means defaults. Throws <see cref="SettingsException"/> naming the offending field.
    /// </summary>
    public static HotpathSettings Parse(ReadOnlySpan<byte> jsonData, IReadOnlyDictionary<string, string> secrets, string defaultStorePath)
    {
        // Grafana sends no bytes for an app never configured, and "null" for a settings row without jsonData.
        var trimmed = jsonData.Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty || trimmed.SequenceEqual("null"u8))
        {
            return Embedded(defaultStorePath);
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(jsonData.ToArray());
        }
        catch (JsonException e)
        {
            throw new SettingsException($"jsonData is not valid JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SettingsException($"jsonData must be a JSON object, not {root.ValueKind}");
            }
            var storePath = OptionalString(root, "storePath", "jsonData") ?? defaultStorePath;
            var sources = new List<DataSourceSettings>();
            if (root.TryGetProperty("dataSources", out var list) && list.ValueKind != JsonValueKind.Null)
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    throw new SettingsException("jsonData.dataSources must be an array");
                }
                var index = 0;
                foreach (var item in list.EnumerateArray())
                {
                    sources.Add(ParseSource(item, $"jsonData.dataSources[{index++}]", secrets));
                }
            }
            return Validate(sources, storePath);
        }
    }

    private static HotpathSettings Validate(List<DataSourceSettings> sources, string storePath)
    {
        if (sources.Count == 0)
        {
            return Embedded(storePath);
        }
        var duplicate = sources.GroupBy(s => s.Uid, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SettingsException($"jsonData.dataSources: uid '{duplicate.Key}' is used more than once");
        }
        if (sources.Count(s => s.IsDefault) > 1)
        {
            throw new SettingsException("jsonData.dataSources: more than one source is marked default");
        }
        if (!sources.Any(s => s.IsDefault))
        {
            sources[0] = sources[0] with { IsDefault = true };
        }
        return new HotpathSettings(sources, storePath);
    }

    private static DataSourceSettings ParseSource(JsonElement item, string where, IReadOnlyDictionary<string, string> secrets)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new SettingsException($"{where} must be an object");
        }
        var kindText = OptionalString(item, "kind", where) ?? "pyroscope";
        var kind = kindText switch
        {
            "embedded" => DataSourceKind.Embedded,
            "pyroscope" => DataSourceKind.Pyroscope,
            _ => throw new SettingsException($"{where}.kind must be 'embedded' or 'pyroscope', not '{kindText}'"),
        };
        var uid = OptionalString(item, "uid", where) ?? (kind == DataSourceKind.Embedded ? EmbeddedUid : null)
            ?? throw new SettingsException($"{where}.uid is required");
        if (uid.Length is 0 or > 64 || !uid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new SettingsException($"{where}.uid '{uid}' must be 1 to 64 letters, digits, '-' or '_'");
        }
        var name = OptionalString(item, "name", where) ?? uid;
        Uri? url = null;
        var urlText = OptionalString(item, "url", where);
        if (kind == DataSourceKind.Pyroscope)
        {
            if (urlText is null)
            {
                throw new SettingsException($"{where}.url is required for a pyroscope source");
            }
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new SettingsException($"{where}.url '{WithoutCredentials(urlText)}' must be an absolute http or https URL");
            }
        }
        var timeout = DefaultTimeout;
        if (item.TryGetProperty("timeoutSeconds", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind != JsonValueKind.Number || !t.TryGetDouble(out var seconds) || seconds <= 0 || seconds > 600)
            {
                throw new SettingsException($"{where}.timeoutSeconds must be a number of seconds in (0, 600]");
            }
            timeout = TimeSpan.FromSeconds(seconds);
        }
        var isDefault = item.TryGetProperty("default", out var d) && d.ValueKind == JsonValueKind.True;
        var user = OptionalString(item, "basicAuthUser", where);
        var password = secrets.GetValueOrDefault($"{uid}.basicAuthPassword");
        if (url is not null && url.UserInfo.Length > 0)
        {
            // Credentials written into the URL become basic auth (explicit settings win), and the URL
            // is kept without them so that it can be shown and logged.
            var colon = url.UserInfo.IndexOf(':');
            user ??= Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            password ??= colon < 0 ? null : Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
            url = new UriBuilder(url) { UserName = "", Password = "" }.Uri;
        }
        return new DataSourceSettings(
            uid, name, kind, url,
            OptionalString(item, "tenant", where),
            isDefault, timeout,
            user,
            password,
            secrets.GetValueOrDefault($"{uid}.bearerToken"));
    }

    /// <summary>A URL as text, with anything between "//" and "@" replaced, so that a malformed URL can be quoted in an error.</summary>
    private static string WithoutCredentials(string url) =>
        System.Text.RegularExpressions.Regex.Replace(url, "//[^/@]*@", "//***@");

    private static string? OptionalString(JsonElement obj, string property, string where)
    {
        if (!obj.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new SettingsException($"{where}.{property} must be a string");
        }
        var text = value.GetString()!.Trim();
        return text.Length == 0 ? null : text;
    }
}

/// <summary>The app's settings are unusable; the message names the field.</summary>
public sealed class SettingsException(string message) : Exception(message);
