using System.Globalization;
using System.Text.Json;
using Hotpath.Engine.Filters;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Selection;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Routing;

/// <summary>
/// Reads and checks a route's query parameters. Every refusal is a 400 whose message names the
/// parameter and says what was expected, so a caller can fix the request from the message alone.
/// </summary>
public sealed class QueryParams(ResourceRequest request)
{
    private readonly IReadOnlyDictionary<string, string> _query = request.Query;

    private HotpathInstance Instance => request.Context.Instance;

    private QueryLimits Limits => Instance.Settings.Limits;

    /// <summary>The value, or null when absent or empty.</summary>
    public string? Optional(string name) => _query.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    public string Required(string name) => Optional(name) ?? throw ResourceError.BadParameter(name, "is required");

    /// <summary>The source named by <paramref name="name"/> (default <c>datasource</c>), or the default source when absent.</summary>
    public IProfileSource Source(string name = "datasource") => Instance.Source(Optional(name), name);

    /// <summary>
    /// <c>from</c> and <c>to</c> (or the given names) in milliseconds since the epoch; defaults: the
    /// hour before now. Refuses a reversed, empty-ended or over-long range.
    /// </summary>
    public TimeRange Range(string fromName = "from", string toName = "to")
    {
        var now = Instance.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var to = OptionalLong(toName) ?? now;
        var from = OptionalLong(fromName) ?? to - 3_600_000;
        if (from <= 0)
        {
            throw ResourceError.BadParameter(fromName, $"must be a positive time in milliseconds since the epoch, not {from}");
        }
        if (from > to)
        {
            throw ResourceError.BadParameter(fromName, $"{from} is after '{toName}' ({to})");
        }
        // In milliseconds, not TimeSpan: from > 0 and to >= from keep to - from a valid long, but one
        // past TimeSpan's range (about 29,000 years) would throw instead of being refused.
        if (to - from > Limits.MaxRange.TotalMilliseconds)
        {
            throw ResourceError.BadParameter(fromName, $"the range {FormatSpan(to - from)} is longer than the limit of {FormatSpan(Limits.MaxRange.TotalMilliseconds)}");
        }
        return new TimeRange(from, to);
    }

    /// <summary>A full profile type id, <c>name:sample_type:sample_unit:period_type:period_unit</c>.</summary>
    public string ProfileType(string name = "profileType")
    {
        var text = Required(name);
        if (!ProfileTypeId.TryParse(text, out var id))
        {
            throw ResourceError.BadParameter(name, $"'{text}' is not a profile type id (name:sample_type:sample_unit:period_type:period_unit)");
        }
        return id.ToString();
    }

    /// <summary>A label selector (<c>{service_name="x", pod=~"a.*"}</c>); absent means <c>{}</c>, every series.</summary>
    public string Selector(string name = "selector")
    {
        var text = Optional(name) ?? "{}";
        try
        {
            LabelSelector.Parse(text);
        }
        catch (SelectorException e)
        {
            throw ResourceError.BadParameter(name, e.Message);
        }
        return text;
    }

    /// <summary>
    /// The step in seconds: <c>step</c> when given, else the range over <paramref name="defaultPoints"/>
    /// points but at least 15 s (Grafana's minimum step for profiles). Points fall on whole
    /// milliseconds, so the step is cut to whole milliseconds and the answer is the step used. Refuses
    /// a step under 1 ms, one longer than the longest range (the first point reaches a step back
    /// before <c>from</c>), and one giving more points than the limit.
    /// </summary>
    public double Step(TimeRange range, string name = "step", int defaultPoints = 1000)
    {
        var rangeMs = range.EndMs - range.StartMs;
        double step;
        if (Optional(name) is { } text)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out step) || !double.IsFinite(step) || step < 0.001)
            {
                throw ResourceError.BadParameter(name, $"must be a number of seconds of at least 0.001, not '{text}'");
            }
            if (step > Limits.MaxRange.TotalSeconds)
            {
                throw ResourceError.BadParameter(name, $"must be at most {Limits.MaxRange.TotalSeconds:0} s (the longest range), not '{text}'");
            }
        }
        else
        {
            step = Math.Max(15, Math.Ceiling(rangeMs / 1000.0 / defaultPoints));
        }
        var stepMs = (long)Math.Floor(step * 1000);
        if (rangeMs / stepMs + 1 > Limits.MaxPointsPerSeries)
        {
            throw ResourceError.BadParameter(name, $"a step of {stepMs / 1000.0} s over {FormatSpan(rangeMs)} gives more than {Limits.MaxPointsPerSeries} points; use a step of at least {Math.Ceiling(rangeMs / 1000.0 / (Limits.MaxPointsPerSeries - 1))} s");
        }
        return stepMs / 1000.0;
    }

    /// <summary><c>maxNodes</c>: default from the limits, at most the limits' ceiling.</summary>
    public int MaxNodes(string name = "maxNodes") => Int(name, Limits.DefaultMaxNodes, 1, Limits.MaxNodes);

    /// <summary><c>maxFunctions</c>: rows of a function table, 1 … 100,000, default 10,000.</summary>
    public int MaxFunctions(string name = "maxFunctions") => Int(name, 10_000, 1, 100_000);

    public int Int(string name, int defaultValue, int min, int max)
    {
        if (Optional(name) is not { } text)
        {
            return defaultValue;
        }
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw ResourceError.BadParameter(name, $"must be a whole number from {min} to {max}, not '{text}'");
        }
        return value;
    }

    public long? OptionalLong(string name)
    {
        if (Optional(name) is not { } text)
        {
            return null;
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw ResourceError.BadParameter(name, $"must be a whole number, not '{text}'");
        }
        return value;
    }

    public bool Bool(string name, bool defaultValue) => Optional(name) switch
    {
        null => defaultValue,
        "true" or "1" => true,
        "false" or "0" => false,
        var text => throw ResourceError.BadParameter(name, $"must be true or false, not '{text}'"),
    };

    /// <summary>One of <paramref name="allowed"/> (exact), or the default when absent.</summary>
    public string OneOf(string name, string defaultValue, params string[] allowed)
    {
        var text = Optional(name) ?? defaultValue;
        if (Array.IndexOf(allowed, text) < 0)
        {
            throw ResourceError.BadParameter(name, $"must be one of {string.Join(", ", allowed)}, not '{text}'");
        }
        return text;
    }

    /// <summary>Comma-separated label names (<c>groupBy=pod,region</c>); each must be a label name.</summary>
    public IReadOnlyList<string> LabelNames(string name)
    {
        if (Optional(name) is not { } text)
        {
            return [];
        }
        var names = text.Split(',', StringSplitOptions.TrimEntries);
        foreach (var label in names)
        {
            if (!IsLabelName(label))
            {
                throw ResourceError.BadParameter(name, $"'{text}' is not a comma-separated list of label names");
            }
        }
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw ResourceError.BadParameter(name, $"'{text}' names a label twice");
        }
        return names;
    }

    /// <summary>Any non-empty name without control characters, quotes or separators: Pyroscope accepts UTF-8 names such as <c>service.name</c>.</summary>
    public static bool IsLabelName(string label) =>
        label.Length is > 0 and <= 1024 && !label.Any(c => char.IsControl(c) || c is '"' or ',' or '{' or '}' or '=' or '~' or '!' || char.IsWhiteSpace(c));

    /// <summary>One required label name (<c>name=pod</c>).</summary>
    public string LabelName(string name)
    {
        var text = Required(name);
        if (!IsLabelName(text))
        {
            throw ResourceError.BadParameter(name, $"'{text}' is not a label name");
        }
        return text;
    }

    /// <summary><c>sum</c> or <c>average</c>: how a series' points combine profiles; absent means <paramref name="defaultValue"/>.</summary>
    public SeriesAggregationKind Aggregation(string name, SeriesAggregationKind defaultValue) =>
        OneOf(name, defaultValue == SeriesAggregationKind.Average ? "average" : "sum", "sum", "average") == "average"
            ? SeriesAggregationKind.Average
            : SeriesAggregationKind.Sum;

    /// <summary>A JSON array of strings (<c>callSite=["main","run"]</c>); absent means empty.</summary>
    public IReadOnlyList<string> StringArray(string name, int maxItems = 100_000)
    {
        if (Optional(name) is not { } text)
        {
            return [];
        }
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.GetArrayLength() > maxItems)
            {
                throw ResourceError.BadParameter(name, $"must be a JSON array of at most {maxItems} strings");
            }
            var items = new List<string>(doc.RootElement.GetArrayLength());
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw ResourceError.BadParameter(name, $"must be a JSON array of strings; found a {item.ValueKind}");
                }
                items.Add(item.GetString()!);
            }
            return items;
        }
        catch (JsonException e)
        {
            throw ResourceError.BadParameter(name, $"is not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// <c>focus</c>, <c>ignore</c>, <c>hide</c>, <c>show</c>: go tool pprof's frame filters, regular
    /// expressions on frame names (docs/engine.md); absent or empty: not set.
    /// </summary>
    /// <summary>The frame filters and <c>granularity</c>, as the CLI takes them.</summary>
    public StackOptions StackOptions()
    {
        var filters = FrameFilters();
        try
        {
            return new StackOptions(filters, Granularities.Parse("granularity", Optional("granularity")));
        }
        catch (FrameFilterException e)
        {
            throw ResourceError.BadParameter(e.Parameter, e.Reason);
        }
    }

    public FrameFilters FrameFilters()
    {
        try
        {
            return Engine.Filters.FrameFilters.Parse(Optional("focus"), Optional("ignore"), Optional("hide"), Optional("show"));
        }
        catch (FrameFilterException e)
        {
            throw ResourceError.BadParameter(e.Parameter, e.Reason);
        }
    }

    private static string FormatSpan(double milliseconds) =>
        milliseconds >= 86_400_000 ? $"{milliseconds / 86_400_000:0.##} days"
        : milliseconds >= 3_600_000 ? $"{milliseconds / 3_600_000:0.##} h"
        : $"{milliseconds / 1000:0.###} s";
}
