using System.Text.Json;
using Hotpath.Engine.Selection;
using Hotpath.Query.Routing;
using Hotpath.Query.Settings;
using TimeRange = Hotpath.Engine.Selection.TimeRange;

namespace Hotpath.Query.DataQueries;

public enum ProfileQueryType
{
    Profile,
    Metrics,
    Both,
}

/// <summary>
/// A dashboard or Explore query of the nested data source. The model mirrors Grafana's Pyroscope
/// data source (<c>queryType</c>, <c>profileTypeId</c>, <c>labelSelector</c>, <c>groupBy</c>,
/// <c>maxNodes</c>, <c>spanSelector</c>) so a dashboard can switch between the two; <c>source</c>
/// (a uid from the data source's own list of profile sources) is Hotpath's addition. Grafana's own
/// <c>datasource</c> object in the query names this data source and is ignored.
/// </summary>
public sealed record ProfileQuery(
    string RefId,
    ProfileQueryType Type,
    string ProfileTypeId,
    string LabelSelector,
    IReadOnlyList<string> GroupBy,
    int MaxNodes,
    int? Limit,
    string? DataSource,
    TimeRange Range,
    double StepSeconds)
{
    /// <summary>Grafana's Pyroscope data source never steps below 15 s.</summary>
    public const double MinStepSeconds = 15;

    /// <summary>Reads one query; throws <see cref="QueryModelException"/> naming the field that is wrong.</summary>
    public static ProfileQuery Parse(DataQueryInput query, QueryLimits limits)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(query.Json.IsEmpty ? "{}"u8.ToArray() : query.Json);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new QueryModelException($"the query is not valid JSON: {e.Message}");
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new QueryModelException($"the query must be a JSON object, not {root.ValueKind}");
        }

        var typeText = NonEmpty(query.QueryType) ?? String(root, "queryType") ?? "profile";
        var type = typeText switch
        {
            "profile" => ProfileQueryType.Profile,
            "metrics" => ProfileQueryType.Metrics,
            "both" => ProfileQueryType.Both,
            _ => throw new QueryModelException($"queryType must be 'profile', 'metrics' or 'both', not '{typeText}'"),
        };

        var profileType = String(root, "profileTypeId") ?? throw new QueryModelException("profileTypeId is required (e.g. process_cpu:cpu:nanoseconds:cpu:nanoseconds)");
        if (!Engine.ProfileTypes.ProfileTypeId.TryParse(profileType, out var parsedType))
        {
            throw new QueryModelException($"profileTypeId '{profileType}' is not a profile type id (name:sample_type:sample_unit:period_type:period_unit)");
        }

        var selector = String(root, "labelSelector") ?? "{}";
        try
        {
            Engine.Selection.LabelSelector.Parse(selector);
        }
        catch (SelectorException e)
        {
            throw new QueryModelException($"labelSelector: {e.Message}");
        }

        if (root.TryGetProperty("spanSelector", out var spans) && spans.ValueKind == JsonValueKind.Array && spans.GetArrayLength() > 0)
        {
            throw new QueryModelException("spanSelector is not supported: Hotpath keeps no span ids");
        }

        var groupBy = new List<string>();
        if (root.TryGetProperty("groupBy", out var g) && g.ValueKind != JsonValueKind.Null)
        {
            if (g.ValueKind != JsonValueKind.Array || g.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                throw new QueryModelException("groupBy must be an array of label names");
            }
            groupBy.AddRange(g.EnumerateArray().Select(e => e.GetString()!).Where(s => s.Length > 0));
            if (groupBy.FirstOrDefault(n => !QueryParams.IsLabelName(n)) is { } bad)
            {
                throw new QueryModelException($"groupBy: '{bad}' is not a label name");
            }
            if (groupBy.Distinct(StringComparer.Ordinal).Count() != groupBy.Count)
            {
                throw new QueryModelException("groupBy names a label twice");
            }
        }

        var maxNodes = Int(root, "maxNodes") ?? limits.DefaultMaxNodes;
        if (maxNodes < 1 || maxNodes > limits.MaxNodes)
        {
            throw new QueryModelException($"maxNodes must be from 1 to {limits.MaxNodes}, not {maxNodes}");
        }
        var limit = Int(root, "limit");
        if (limit is < 1 || limit > limits.MaxSeries)
        {
            throw new QueryModelException($"limit must be from 1 to {limits.MaxSeries}, not {limit}");
        }

        var range = new TimeRange(query.FromMs, query.ToMs);
        if (range.StartMs <= 0 || range.EndMs < range.StartMs)
        {
            throw new QueryModelException($"the time range {range.StartMs}..{range.EndMs} is empty or reversed");
        }
        if (TimeSpan.FromMilliseconds(range.EndMs - range.StartMs) > limits.MaxRange)
        {
            throw new QueryModelException($"the time range is longer than the limit of {limits.MaxRange.TotalDays:0.##} days");
        }
        var rangeSeconds = (range.EndMs - range.StartMs) / 1000.0;
        // Grafana's interval for the panel, never under 15 s, and never so small that a series has
        // more points than the limit.
        var step = Math.Max(MinStepSeconds, query.IntervalMs / 1000.0);
        step = Math.Max(step, Math.Ceiling(rangeSeconds / Math.Max(1, limits.MaxPointsPerSeries - 1)));

        return new ProfileQuery(query.RefId, type, parsedType.ToString(), selector, groupBy, maxNodes, limit,
            String(root, "source"), range, step);
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static string? String(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            throw new QueryModelException($"{name} must be a string");
        }
        return NonEmpty(v.GetString());
    }

    private static int? Int(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        // Grafana's editor keeps numbers typed as text in some versions.
        if (v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), out var fromText))
        {
            return fromText;
        }
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n) || n > int.MaxValue || n < int.MinValue)
        {
            throw new QueryModelException($"{name} must be a whole number");
        }
        return (int)n;
    }
}

/// <summary>
/// One query of a QueryData call as Grafana sent it: its ref id, the query type Grafana set (may be
/// empty), the query's JSON model, the dashboard's time range (Unix ms) and the panel's interval.
/// </summary>
public sealed record DataQueryInput(string RefId, string? QueryType, ReadOnlyMemory<byte> Json, long FromMs, long ToMs, long IntervalMs);

/// <summary>A query the nested data source cannot run as written; the message names the field.</summary>
public sealed class QueryModelException(string message) : Exception(message);
