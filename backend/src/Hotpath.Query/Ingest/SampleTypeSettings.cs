using System.Text.Json;
using Hotpath.Engine.Model;

namespace Hotpath.Query.Ingest;

/// <summary>One entry of the /ingest <c>sample_type_config</c> JSON: how an SDK describes a sample type.</summary>
public sealed record SampleTypeSettings(string? Units, string? Aggregation, string? DisplayName, bool Sampled, bool Cumulative)
{
    /// <summary>Pyroscope's defaults, used for sample types the upload does not describe.</summary>
    public static IReadOnlyDictionary<string, SampleTypeSettings> Defaults { get; } = new Dictionary<string, SampleTypeSettings>
    {
        ["samples"] = new("samples", null, "cpu", true, false),
        ["inuse_objects"] = new("objects", "average", null, false, false),
        ["alloc_objects"] = new("objects", null, null, false, true),
        ["inuse_space"] = new("bytes", "average", null, false, false),
        ["alloc_space"] = new("bytes", null, null, false, true),
        ["goroutine"] = new("goroutines", "average", "goroutines", false, false),
        ["contentions"] = new("lock_samples", null, "mutex_count", false, true),
        ["delay"] = new("lock_nanoseconds", null, "mutex_duration", false, true),
    };

    /// <summary>Parses <c>{"&lt;sample type&gt;": {"units":…, "aggregation":…, "display-name":…, "sampled":…, "cumulative":…}}</c>.</summary>
    /// <exception cref="IngestException">422 when it is not that shape.</exception>
    public static IReadOnlyDictionary<string, SampleTypeSettings> ParseConfig(ReadOnlySpan<byte> json)
    {
        var result = new Dictionary<string, SampleTypeSettings>();
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw IngestException.Invalid("sample_type_config: expected a JSON object keyed by sample type");
            }
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Object)
                {
                    throw IngestException.Invalid($"sample_type_config: entry \"{entry.Name}\" is not an object");
                }
                result[entry.Name] = new SampleTypeSettings(
                    Text(entry.Value, "units"),
                    Text(entry.Value, "aggregation"),
                    Text(entry.Value, "display-name"),
                    Flag(entry.Value, "sampled"),
                    Flag(entry.Value, "cumulative"));
            }
        }
        catch (JsonException e)
        {
            throw IngestException.Invalid($"sample_type_config: invalid JSON: {e.Message}");
        }
        return result;
    }

    /// <summary>
    /// Pyroscope's <c>metricName</c> for a pprof upload: <c>wall</c> when a sample type is literally
    /// wall; else the first sample type whose name (or configured display name) mentions cpu, memory,
    /// mutex, block or goroutines decides; else the last sample type's name.
    /// </summary>
    public static string MetricName(Profile profile, IReadOnlyDictionary<string, SampleTypeSettings>? config)
    {
        var types = profile.SampleTypes.Select(t => profile.Strings[t.Type]).ToArray();
        if (types.Contains("wall"))
        {
            return "wall";
        }
        foreach (var type in types)
        {
            var name = DisplayNameOf(type, config);
            if (name.Contains("cpu", StringComparison.Ordinal))
            {
                return "process_cpu";
            }
            if (name.Contains("alloc_", StringComparison.Ordinal) || name.Contains("inuse_", StringComparison.Ordinal) || name is "space" or "objects")
            {
                return "memory";
            }
            if (name.Contains("mutex_", StringComparison.Ordinal))
            {
                return "mutex";
            }
            if (name.Contains("block_", StringComparison.Ordinal))
            {
                return "block";
            }
            if (name.Contains("goroutines", StringComparison.Ordinal))
            {
                return "goroutines";
            }
        }
        return types.Length == 0 ? "" : types[^1];
    }

    private static string DisplayNameOf(string type, IReadOnlyDictionary<string, SampleTypeSettings>? config)
    {
        if (config is not null && config.TryGetValue(type, out var own) && !string.IsNullOrEmpty(own.DisplayName))
        {
            return own.DisplayName;
        }
        return Defaults.TryGetValue(type, out var standard) && standard.DisplayName is { } display ? display : type;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Flag(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
