using System.Text.Json;
using Hotpath.Query.Settings;

namespace Hotpath.Plugin.Standalone;

/// <summary>
/// The standalone server's configuration: by default one embedded store at <c>--data</c>; with
/// <c>--config FILE</c>, the same settings Grafana would hold, as
/// <c>{"jsonData": {...}, "secureJsonData": {"&lt;uid&gt;.bearerToken": "..."}}</c>.
/// </summary>
public static class StandaloneSettings
{
    public static HotpathSettings Load(ServeOptions options)
    {
        if (options.ConfigFile is null)
        {
            return HotpathSettings.Embedded(options.DataPath);
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(options.ConfigFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"cannot read config file '{options.ConfigFile}': {e.Message}");
        }
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SettingsException($"config file '{options.ConfigFile}' must hold a JSON object");
            }
            var jsonData = root.TryGetProperty("jsonData", out var data) ? JsonSerializer.SerializeToUtf8Bytes(data, StandaloneJson.Default.JsonElement) : [];
            var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("secureJsonData", out var secure) && secure.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in secure.EnumerateObject())
                {
                    secrets[property.Name] = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString()!
                        : throw new SettingsException($"config file '{options.ConfigFile}': secureJsonData.{property.Name} must be a string");
                }
            }
            return HotpathSettings.Parse(jsonData, secrets, options.DataPath);
        }
        catch (JsonException e)
        {
            throw new SettingsException($"config file '{options.ConfigFile}' is not valid JSON: {e.Message}");
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonElement))]
internal sealed partial class StandaloneJson : System.Text.Json.Serialization.JsonSerializerContext;
