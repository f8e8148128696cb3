namespace Hotpath.Pyroscope.Client;

// The client's own result types: callers above the source interface never see Pyroscope's wire messages.

/// <summary>A time range in milliseconds since the epoch, end exclusive as Pyroscope reads it.</summary>
public readonly record struct PyroscopeTimeRange(long StartMs, long EndMs)
{
    public static PyroscopeTimeRange From(DateTimeOffset start, DateTimeOffset end) => new(start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds());
}

public readonly record struct PyroscopeLabel(string Name, string Value);

/// <summary>A profile type as Pyroscope lists it; <see cref="Id"/> is <c>name:sample_type:sample_unit:period_type:period_unit</c>.</summary>
public sealed record PyroscopeProfileType(string Id, string Name, string SampleType, string SampleUnit, string PeriodType, string PeriodUnit);

public readonly record struct PyroscopePoint(long TimestampMs, double Value);

public sealed record PyroscopeSeries(IReadOnlyList<PyroscopeLabel> Labels, IReadOnlyList<PyroscopePoint> Points);

/// <summary>
/// A flamebearer: <see cref="Levels"/>[depth] holds 4-tuples (x offset delta, total, self, name index)
/// per node, as Pyroscope sends them.
/// </summary>
public sealed record PyroscopeFlameGraph(IReadOnlyList<string> Names, IReadOnlyList<long[]> Levels, long Total, long MaxSelf);

/// <summary>A diff flamebearer: 7-tuples (left delta, left total, left self, right delta, right total, right self, name index).</summary>
public sealed record PyroscopeFlameGraphDiff(IReadOnlyList<string> Names, IReadOnlyList<long[]> Levels, long Total, long MaxSelf, long LeftTicks, long RightTicks);

public sealed record PyroscopeProfileStats(bool DataIngested, DateTimeOffset? Oldest, DateTimeOffset? Newest);

/// <summary>One merge query: a profile type, a label selector such as <c>{service_name="api"}</c>, a range.</summary>
public sealed record PyroscopeMergeQuery(string ProfileTypeId, string LabelSelector, PyroscopeTimeRange Range)
{
    /// <summary>Node limit Pyroscope applies before sending; null leaves the server's default.</summary>
    public long? MaxNodes { get; init; }

    /// <summary>Frames root first (<c>stack_trace_selector.call_site</c>): only stacks beginning with them are merged. Empty: all.</summary>
    public IReadOnlyList<string> CallSite { get; init; } = [];
}

/// <summary>A <c>SelectSeries</c> query; <see cref="StepSeconds"/> is the point spacing.</summary>
public sealed record PyroscopeSeriesQuery(string ProfileTypeId, string LabelSelector, PyroscopeTimeRange Range, double StepSeconds)
{
    public IReadOnlyList<string> GroupBy { get; init; } = [];

    /// <summary>Top-N series by total; null for all.</summary>
    public long? Limit { get; init; }

    /// <summary>How the profiles in one bucket combine. Pyroscope 2.x sums whatever is asked.</summary>
    public PyroscopeAggregation Aggregation { get; init; } = PyroscopeAggregation.Sum;

    /// <summary>
    /// Frames root first (Pyroscope's <c>stack_trace_selector.call_site</c>): only the value of stacks
    /// beginning with them counts. Empty: whole profiles. Pyroscope 2.x ignores it for series.
    /// </summary>
    public IReadOnlyList<string> CallSite { get; init; } = [];
}

public enum PyroscopeAggregation
{
    Sum,
    Average,
}
