using Grpc.Core;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Plugin.Pyroscope.Connect;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;

namespace Hotpath.Plugin.Pyroscope.Query;

/// <summary>
/// The request checks Pyroscope's query frontend applies before any data is read, with its messages.
/// Each returns the normalised value the store should use; a broken rule is an invalid_argument
/// <see cref="ConnectException"/>. Label selectors are not parsed here (the store's selector parser
/// owns that).
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
            throw ConnectException.InvalidArgument("missing time range in the query");
        }
        if (startMs > endMs)
        {
            throw ConnectException.InvalidArgument("query start time is after end time");
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
        throw ConnectException.InvalidArgument(
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
            throw ConnectException.InvalidArgument($"max flamegraph nodes limit must be set (max allowed {MaxMaxNodes})");
        }
        if (value > MaxMaxNodes)
        {
            throw ConnectException.InvalidArgument($"max flamegraph nodes limit {value} is greater than allowed {MaxMaxNodes}");
        }
        return value;
    }

    /// <summary>SelectSeries <c>step</c> (seconds, double) as whole milliseconds.</summary>
    public static long StepMs(double stepSeconds)
    {
        if (double.IsNaN(stepSeconds) || stepSeconds < 0.001)
        {
            throw ConnectException.InvalidArgument("step must be >= 1ms");
        }
        return (long)(stepSeconds * 1000);
    }

    /// <summary>Span ids: 16 hex characters each; not together with trace ids (32 hex characters each).</summary>
    public static void SpanAndTraceSelectors(IReadOnlyCollection<string> spanIds, IReadOnlyCollection<string> traceIds)
    {
        if (spanIds.Count > 0 && traceIds.Count > 0)
        {
            throw ConnectException.InvalidArgument("span_selector and trace_id_selector cannot be combined");
        }
        foreach (var span in spanIds)
        {
            if (span.Length != 16 || !IsHex(span))
            {
                throw ConnectException.InvalidArgument($"invalid span id length: {GoQuote(span)}");
            }
        }
        foreach (var trace in traceIds)
        {
            if (trace.Length != 32 || !IsHex(trace))
            {
                throw ConnectException.InvalidArgument($"invalid trace id length: {GoQuote(trace)}");
            }
        }
    }

    /// <summary>Everything SelectMergeStacktraces needs, checked.</summary>
    public static MergeQuery Merge(SelectMergeStacktracesRequest request)
    {
        var (start, end) = TimeRange(request.Start, request.End);
        SpanAndTraceSelectors(request.SpanSelector, request.TraceIdSelector);
        return new MergeQuery(
            ProfileType(request.ProfileTypeID),
            request.LabelSelector,
            start,
            end,
            MaxNodes(request.HasMaxNodes ? request.MaxNodes : null),
            request.Format == ProfileFormat.Unspecified ? ProfileFormat.Flamegraph : request.Format,
            CallSite(request.StackTraceSelector),
            [.. request.SpanSelector]);
    }

    /// <summary>SelectMergeProfile: like <see cref="Merge"/>; max_nodes 0 means no truncation (Pyroscope's default there).</summary>
    public static MergeQuery MergeProfile(SelectMergeProfileRequest request)
    {
        var (start, end) = TimeRange(request.Start, request.End);
        SpanAndTraceSelectors([], request.TraceIdSelector);
        var maxNodes = request.HasMaxNodes && request.MaxNodes != 0 ? MaxNodes(request.MaxNodes) : 0;
        return new MergeQuery(ProfileType(request.ProfileTypeID), request.LabelSelector, start, end, maxNodes,
            ProfileFormat.Pprof, CallSite(request.StackTraceSelector), []);
    }

    /// <summary>Diff: both sides checked; both use the larger of the two max_nodes, validated.</summary>
    public static (MergeQuery Left, MergeQuery Right) Diff(DiffRequest request)
    {
        if (request.Left is null || request.Right is null)
        {
            throw ConnectException.InvalidArgument("left and right queries are required");
        }
        var left = Merge(request.Left);
        var right = Merge(request.Right);
        var maxNodes = MaxNodes(Math.Max(request.Left.HasMaxNodes ? request.Left.MaxNodes : 0, request.Right.HasMaxNodes ? request.Right.MaxNodes : 0));
        return (left with { MaxNodes = maxNodes }, right with { MaxNodes = maxNodes });
    }

    /// <summary>Everything SelectSeries needs, checked.</summary>
    public static SeriesQuery Series(SelectSeriesRequest request)
    {
        var (start, end) = TimeRange(request.Start, request.End);
        if (request.ExemplarType == ExemplarType.Span)
        {
            throw new ConnectException(StatusCode.Unimplemented, "exemplar type span is not supported");
        }
        return new SeriesQuery(
            ProfileType(request.ProfileTypeID),
            request.LabelSelector,
            start,
            end,
            StepMs(request.Step),
            [.. request.GroupBy],
            request.HasAggregation ? request.Aggregation : TimeSeriesAggregationType.Sum,
            request.HasLimit ? request.Limit : null,
            request.ExemplarType == ExemplarType.Individual,
            CallSite(request.StackTraceSelector));
    }

    public static string LabelName(string name) =>
        string.IsNullOrEmpty(name) ? throw ConnectException.InvalidArgument("name is required") : name;

    private static string[] CallSite(StackTraceSelector? selector) =>
        selector is null ? [] : [.. selector.CallSite.Select(l => l.Name)];

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
    ProfileFormat Format,
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
    TimeSeriesAggregationType Aggregation,
    long? Limit,
    bool Exemplars,
    IReadOnlyList<string> CallSite);
