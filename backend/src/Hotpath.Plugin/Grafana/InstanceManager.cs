using System.Collections.Concurrent;
using Google.Protobuf;
using Hotpath.Plugin.Protocol.PluginV2;
using Hotpath.Query;
using Hotpath.Query.Settings;

namespace Hotpath.Plugin.Grafana;

/// <summary>
/// One <see cref="HotpathInstance"/> per plugin and org (and data source, for the nested data
/// source), rebuilt when Grafana's settings change: <c>lastUpdatedMS</c> or the Grafana
/// configuration it sends along. The replaced instance is disposed.
/// </summary>
public sealed class InstanceManager(string defaultStorePath)
{
    private readonly ConcurrentDictionary<string, Entry> _instances = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private sealed record Entry(string Version, HotpathInstance Instance);

    /// <summary>Throws <see cref="SettingsException"/> when the settings are unusable; the next call with the same settings tries again.</summary>
    public HotpathInstance Get(PluginContext context)
    {
        var (key, version, jsonData, secrets) = Describe(context);
        if (_instances.TryGetValue(key, out var entry) && entry.Version == version)
        {
            return entry.Instance;
        }
        lock (_gate)
        {
            if (_instances.TryGetValue(key, out entry) && entry.Version == version)
            {
                return entry.Instance;
            }
            var instance = new HotpathInstance(HotpathSettings.Parse(jsonData.Span, secrets, defaultStorePath));
            _instances[key] = new Entry(version, instance);
            if (entry is not null)
            {
                _ = entry.Instance.DisposeAsync().AsTask();
            }
            return instance;
        }
    }

    public int Count => _instances.Count;

    private static (string Key, string Version, ReadOnlyMemory<byte> JsonData, IReadOnlyDictionary<string, string> Secrets) Describe(PluginContext context)
    {
        var config = string.Join('\n', context.GrafanaConfig.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        if (context.DataSourceInstanceSettings is { } ds)
        {
            return ($"{context.PluginId}#{context.OrgId}#{ds.Uid}", $"{ds.LastUpdatedMS}|{config}", ds.JsonData.Memory, ds.DecryptedSecureJsonData);
        }
        var app = context.AppInstanceSettings ?? new AppInstanceSettings();
        return ($"{context.PluginId}#{context.OrgId}", $"{app.LastUpdatedMS}|{config}", app.JsonData.Memory, app.DecryptedSecureJsonData);
    }
}
