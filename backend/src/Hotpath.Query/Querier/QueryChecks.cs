using Hotpath.Engine.Errors;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Query.Routing;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Querier;

/// <summary>
/// The request checks Pyroscope's query frontend applies before any data is read, with its messages.
/// Each returns the normalised value the source should use; a broken rule is a
/// <see cref="ResourceError"/> of kind <see cref="ErrorKind.BadRequest"/> with Pyroscope's message.
/// Label selectors are not parsed here (the source refuses a bad one as a bad request).
/// </summary>
public static class QueryChecks
{
    /// <summary>Default <c>max_nodes</c> when a request leaves it 0 or unset (<c>querier.max-flamegraph-nodes-default</c>).</summary>
    public const long DefaultMaxNodes = 8 * 1024;

    /// <summary>Largest <c>max_nodes</c> accepted (<c>querier.max-flamegraph-nodes-max</c>).</summary>
    public const long MaxMaxNodes = 1 << 20;

    /// <summary>A time range in milliseconds; both ends required (every RPC except ProfileTypes).</summary>
    public static (long StartMs, long EndMs) TimeRange(long startMs, long endMs)
    {
        if (startMs == 0 || endMs == 0)
        {
            throw Refused("missing time range in the query");
        }
        if (startMs > endMs)
        {
            throw Refused("query start time is after end time");
        }
        return (startMs, endMs);
    }

    /// <summary>ProfileTypes tolerates 0/0 and then means the last hour.</summary>
    public static (long StartMs, long EndMs) TimeRangeOrLastHour(long startMs, long endMs, TimeProvider time)
    {
        if (startMs == 0 || endMs == 0)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            return (now - 3_600_000, now);
        }
        return TimeRange(startMs, endMs);
    }

    public static ProfileTypeId ProfileType(string id)
    {
        if (ProfileTypeId.TryParse(id ?? "", out var parsed))
        {
            return parsed;
        }
        var parts = (id ?? "").Split(':').Length;
        throw Refused(
            $"profile-type selection must be of the form <name>:<sample-type>:<sample-unit>:<period-type>:<period-unit>(:delta), got({parts}): {GoQuote(id ?? "")}");
    }

    /// <summary><c>max_nodes</c>: unset or 0 gives the default; negative or over the maximum is refused.</summary>
    public static long MaxNodes(long? requested)
    {
        var value = requested ?? 0;
        if (value == 0)
        {
            return DefaultMaxNodes;
        }
        if (value < 0)
        {
            throw Refused($"max flamegraph nodes limit must be set (max allowed {MaxMaxNodes})");
        }
        if (value > MaxMaxNodes)
        {
            throw Refused($"max flamegraph nodes limit {value} is greater than allowed {MaxMaxNodes}");
        }
        return value;
    }

    /// <summary>SelectSeries <c>step</c> (seconds, double) as whole milliseconds.</summary>
    public static long StepMs(double stepSeconds)
    {
        if (double.IsNaN(stepSeconds) || stepSeconds < 0.001)
        {
            throw Refused("step must be >= 1ms");
        }
        return (long)(stepSeconds * 1000);
    }

    /// <summary>Span ids: 16 hex characters each; not together with trace ids (32 hex characters each).</summary>
    public static void SpanAndTraceSelectors(IReadOnlyCollection<string> spanIds, IReadOnlyCollection<string> traceIds)
    {
        if (spanIds.Count > 0 && traceIds.Count > 0)
        {
            throw Refused("span_selector and trace_id_selector cannot be combined");
        }
        foreach (var span in spanIds)
        {
            if (span.Length != 16 || !IsHex(span))
            {
                throw Refused($"invalid span id length: {GoQuote(span)}");
            }
        }
        foreach (var trace in traceIds)
        {
            if (trace.Length != 32 || !IsHex(trace))
            {
                throw Refused($"invalid trace id length: {GoQuote(trace)}");
            }
        }
    }

    /// <summary>Everything SelectMergeStacktraces needs, checked.</summary>
    public static MergeQuery Merge(MergeInput request)
    {
        var (start, end) = TimeRange(request.Start, request.End);
        SpanAndTraceSelectors(request.SpanSelector, request.TraceIdSelector);
        return new MergeQuery(
            ProfileType(request.ProfileTypeId),
            request.LabelSelector,
            start,
            end,
            MaxNodes(request.MaxNodes),
            request.Format == MergeFormat.Unspecified ? MergeFormat.Flamegraph : request.Format,
            request.CallSite,
            request.SpanSelector);
    }

    /// <summary>SelectMergeProfile: like <see cref="Merge"/>; max_nodes 0 means no truncation (Pyroscope's default there).</summary>
    public static MergeQuery MergeProfile(MergeInput request)
    {
        var (start, end) = TimeRange(request.Start, request.End);
        SpanAndTraceSelectors([], request.TraceIdSelector);
        var maxNodes = request.MaxNodes is { } requested && requested != 0 ? MaxNodes(requested) : 0;
        return new MergeQuery(ProfileType(request.ProfileTypeId), request.LabelSelector, start, end, maxNodes,
            MergeFormat.Pprof, request.CallSite, []);
    }

    /// <summary>Diff: both sides checked; both use the larger of the two max_nodes, validated.</summary>
    public static (MergeQuery Left, MergeQuery Right) Diff(MergeInput? leftInput, MergeInput? rightInput)
    {
        if (leftInput is null || rightInput is null)
        {
            throw Refused("left and right queries are required");
        }
        var left = Merge(leftInput);
        var right = Merge(rightInput);
        var maxNodes = MaxNodes(Math.Max(leftInput.MaxNodes ?? 0, rightInput.MaxNodes ?? 0));
        return (left with { MaxNodes = maxNodes }, right with { MaxNodes = maxNodes });
    }

    /// <summary>Everything SelectSeries needs, checked.</summary>
    public static SeriesQuery Series(SeriesInput request)
    {
        var (start, end) = TimeRange(request.Start, request.End);
        if (request.Exemplars == ExemplarKind.Span)
        {
            throw new ResourceError(ErrorKind.NotImplemented, "exemplar type span is not supported");
        }
        return new SeriesQuery(
            ProfileType(request.ProfileTypeId),
            request.LabelSelector,
            start,
            end,
            StepMs(request.Step),
            request.GroupBy,
            request.Aggregation,
            request.Limit,
            request.Exemplars == ExemplarKind.Individual,
            request.CallSite);
    }

    public static string LabelName(string name) =>
        string.IsNullOrEmpty(name) ? throw Refused("name is required") : name;

    private static ResourceError Refused(string message) => new(ErrorKind.BadRequest, message);

    private static bool IsHex(string s) => s.All(char.IsAsciiHexDigit);

    private static string GoQuote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

/// <summary>A checked flame-graph / pprof query: the profile type, the raw selector text, ms range, node limit.</summary>
/// <param name="CallSite">Root-first function names a stack must start with (empty: all stacks).</param>
/// <param name="SpanIds">16-hex-character span ids to restrict samples to (empty: all samples).</param>
public sealed record MergeQuery(
    ProfileTypeId ProfileType,
    string LabelSelector,
    long StartMs,
    long EndMs,
    long MaxNodes,
    MergeFormat Format,
    IReadOnlyList<string> CallSite,
    IReadOnlyList<string> SpanIds);

/// <summary>A checked SelectSeries query; points go at bucket right edges <c>start, start+step, …</c>.</summary>
/// <param name="CallSite">Root-first function names: only the value of stacks starting with them counts (empty: whole profiles).</param>
public sealed record SeriesQuery(
    ProfileTypeId ProfileType,
    string LabelSelector,
    long StartMs,
    long EndMs,
    long StepMs,
    IReadOnlyList<string> GroupBy,
    SeriesAggregationKind Aggregation,
    long? Limit,
    bool Exemplars,
    IReadOnlyList<string> CallSite);

/// <summary>Pyroscope's <c>ProfileFormat</c>, by the same numbers.</summary>
public enum MergeFormat
{
    Unspecified = 0,
    Flamegraph = 1,
    Tree = 2,
    Dot = 3,
    Pprof = 4,
}

/// <summary>Pyroscope's <c>ExemplarType</c>, by the same numbers.</summary>
public enum ExemplarKind
{
    Unspecified = 0,
    None = 1,
    Individual = 2,
    Span = 3,
}

/// <summary>
/// A SelectMergeStacktraces or SelectMergeProfile request (or one side of a Diff) as decoded from the
/// wire, unchecked. <see cref="MaxNodes"/> is null when the request leaves it unset.
/// </summary>
public sealed record MergeInput(string ProfileTypeId, string LabelSelector, long Start, long End)
{
    public long? MaxNodes { get; init; }

    public MergeFormat Format { get; init; }

    /// <summary>Root-first function names of <c>stack_trace_selector.call_site</c>.</summary>
    public IReadOnlyList<string> CallSite { get; init; } = [];

    public IReadOnlyList<string> SpanSelector { get; init; } = [];

    public IReadOnlyList<string> TraceIdSelector { get; init; } = [];

    public IReadOnlyList<string> ProfileIdSelector { get; init; } = [];
}

/// <summary>A SelectSeries request as decoded from the wire, unchecked; <see cref="Step"/> is in seconds.</summary>
public sealed record SeriesInput(string ProfileTypeId, string LabelSelector, long Start, long End, double Step)
{
    public IReadOnlyList<string> GroupBy { get; init; } = [];

    public SeriesAggregationKind Aggregation { get; init; } = SeriesAggregationKind.Sum;

    public long? Limit { get; init; }

    public ExemplarKind Exemplars { get; init; }

    public IReadOnlyList<string> CallSite { get; init; } = [];
}
