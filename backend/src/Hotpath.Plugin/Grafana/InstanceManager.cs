using System.Collections.Concurrent;
using Hotpath.Plugin.Protocol.PluginV2;
using Hotpath.Query;
using Hotpath.Query.Settings;
using Hotpath.Query.Stores;

namespace Hotpath.Plugin.Grafana;

/// <summary>
/// One <see cref="HotpathInstance"/> per plugin and org (and data source, for the nested data
/// source), rebuilt when Grafana's settings change: <c>lastUpdatedMS</c> or the Grafana
/// configuration it sends along. Instances lease their embedded store from one process-wide
/// <see cref="StoreRegistry"/>, so every instance on the same <c>storePath</c> shares one open store.
/// </summary>
/// <remarks>
/// A replaced instance is retired, not closed: the manager gives up its own use of it after
/// <c>retireAfter</c>, and it closes (returning its store lease) only when the requests that took
/// a use with <see cref="Use"/> have ended too. The delay also covers callers that read an instance
/// with <see cref="Get"/> without taking a use.
/// </remarks>
public sealed class InstanceManager(string defaultStorePath, StoreRegistry stores, HttpClient http, TimeProvider time, TimeSpan? retireAfter = null)
{
    /// <summary>How long a replaced instance stays usable for callers that hold it without a use.</summary>
    public static readonly TimeSpan DefaultRetireAfter = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, Entry> _instances = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeSpan _retireAfter = retireAfter ?? DefaultRetireAfter;

    private sealed record Entry(string Version, HotpathInstance Instance);

    /// <summary>
    /// The current instance for <paramref name="context"/> with one use taken for the caller's
    /// request; dispose the result when the request ends. Throws <see cref="SettingsException"/>
    /// when the settings are unusable.
    /// </summary>
    public InstanceUse Use(PluginContext context)
    {
        while (true)
        {
            var instance = Get(context);
            if (instance.TryAddUser())
            {
                return new InstanceUse(instance);
            }
            // Closed between the lookup and the use: it was replaced; the next lookup finds its successor.
        }
    }

    /// <summary>
    /// The current instance without taking a use (it stays usable for at least the retirement
    /// delay after a replacement). Throws <see cref="SettingsException"/> when the settings are
    /// unusable; the next call with the same settings tries again.
    /// </summary>
    public HotpathInstance Get(PluginContext context)
    {
        var (key, version, jsonData, secrets) = Describe(context);
        if (_instances.TryGetValue(key, out var entry) && entry.Version == version && !entry.Instance.IsClosed)
        {
            return entry.Instance;
        }
        lock (_gate)
        {
            if (_instances.TryGetValue(key, out entry) && entry.Version == version && !entry.Instance.IsClosed)
            {
                return entry.Instance;
            }
            var instance = new HotpathInstance(HotpathSettings.Parse(jsonData.Span, secrets, defaultStorePath), stores, time, http);
            _instances[key] = new Entry(version, instance);
            if (entry is not null)
            {
                Retire(entry.Instance);
            }
            return instance;
        }
    }

    public int Count => _instances.Count;

    private void Retire(HotpathInstance replaced)
    {
        if (_retireAfter <= TimeSpan.Zero)
        {
            _ = replaced.DisposeAsync();
            return;
        }
        _ = Task.Delay(_retireAfter, time).ContinueWith(_ => replaced.DisposeAsync(), TaskScheduler.Default);
    }

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

/// <summary>One request's use of an instance: keeps it (and its store) open until disposed.</summary>
public readonly struct InstanceUse(HotpathInstance instance) : IDisposable
{
    public HotpathInstance Instance { get; } = instance;

    public void Dispose() => Instance.ReleaseUser();
}
