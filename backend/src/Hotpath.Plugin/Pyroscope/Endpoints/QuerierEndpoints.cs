using Google.Protobuf;
using Grpc.Core;
using Hotpath.Engine.Diff;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Plugin.Pyroscope.Connect;
using Hotpath.Plugin.Pyroscope.Query;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;
using StoreSeriesQuery = Hotpath.Store.Storage.SeriesQuery;

namespace Hotpath.Plugin.Pyroscope.Endpoints;

/// <summary>
/// <c>querier.v1.QuerierService</c> answered from the embedded store: each RPC checks its request
/// with Pyroscope's rules (<see cref="QueryChecks"/>), asks the store, and builds the answer with
/// the engine (flame graphs, diffs, pprof). Refusals are Connect errors with Pyroscope's messages.
/// </summary>
public sealed partial class QuerierEndpoints(ProfileStore store, TimeProvider time)
{
    /// <summary>Label names a client without the UTF-8 capability can receive (Prometheus' legacy rule).</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial System.Text.RegularExpressions.Regex LegacyLabelName();

    /// <summary>
    /// Whether the client may receive UTF-8 label names (<c>Accept: …; allow-utf8-labelnames=true</c>);
    /// without it LabelNames and Series leave out names such as <c>service.name</c>, as Pyroscope does.
    /// </summary>
    public static bool AllowsUtf8LabelNames(string? accept) =>
        accept is not null && accept.Contains("allow-utf8-labelnames=true", StringComparison.OrdinalIgnoreCase);

    public Task<IMessage> ProfileTypesAsync(ProfileTypesRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        var (start, end) = QueryChecks.TimeRangeOrLastHour(request.Start, request.End, time);
        var types = await store.ProfileTypesAsync(new TimeRange(start, end)).ConfigureAwait(false);
        var response = new ProfileTypesResponse();
        response.ProfileTypes.AddRange(types.Select(WireConvert.ToWire));
        return response;
    });

    public Task<IMessage> LabelNamesAsync(LabelNamesRequest request, bool utf8Names, CancellationToken cancellationToken) => Run(async () =>
    {
        var range = Range(request.Start, request.End);
        IEnumerable<string> names = request.Matchers.Count <= 1
            ? await store.LabelNamesAsync(Selector(request.Matchers), range).ConfigureAwait(false)
            : (await AllMatchAsync(request.Matchers, range).ConfigureAwait(false)).SelectMany(s => s.Pairs.Select(p => p.Key)).Distinct().Order(StringComparer.Ordinal);
        var response = new LabelNamesResponse();
        response.Names.AddRange(names.Where(n => utf8Names || LegacyLabelName().IsMatch(n)));
        return response;
    });

    public Task<IMessage> LabelValuesAsync(LabelValuesRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        var range = Range(request.Start, request.End);
        var name = QueryChecks.LabelName(request.Name);
        IEnumerable<string> values = request.Matchers.Count <= 1
            ? await store.LabelValuesAsync(name, Selector(request.Matchers), range).ConfigureAwait(false)
            : (await AllMatchAsync(request.Matchers, range).ConfigureAwait(false)).Select(s => s.Get(name)).OfType<string>().Where(v => v.Length > 0)
                .Distinct().Order(StringComparer.Ordinal);
        var response = new LabelValuesResponse();
        response.Names.AddRange(values);
        return response;
    });

    public Task<IMessage> SeriesAsync(SeriesRequest request, bool utf8Names, CancellationToken cancellationToken) => Run(async () =>
    {
        var range = Range(request.Start, request.End);
        IReadOnlyList<LabelSet> sets;
        if (request.Matchers.Count <= 1)
        {
            sets = await store.SeriesAsync(Selector(request.Matchers), range, [.. request.LabelNames]).ConfigureAwait(false);
        }
        else
        {
            var only = request.LabelNames.ToHashSet(StringComparer.Ordinal);
            var distinct = (await AllMatchAsync(request.Matchers, range).ConfigureAwait(false))
                .Select(s => only.Count > 0 ? s.Only(only) : s).Distinct().ToList();
            distinct.Sort(LabelSet.Compare);
            sets = distinct;
        }
        var response = new SeriesResponse();
        foreach (var set in sets)
        {
            var labels = new Labels();
            labels.Labels_.AddRange(WireConvert.ToWire(set, n => utf8Names || LegacyLabelName().IsMatch(n)));
            response.LabelsSet.Add(labels);
        }
        return response;
    });

    public Task<IMessage> SelectSeriesAsync(SelectSeriesRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        var checkedQuery = QueryChecks.Series(request);
        var query = new StoreSeriesQuery(request.ProfileTypeID, checkedQuery.LabelSelector, new TimeRange(checkedQuery.StartMs, checkedQuery.EndMs), request.Step)
        {
            GroupBy = checkedQuery.GroupBy,
            Aggregation = checkedQuery.Aggregation == TimeSeriesAggregationType.Average ? SeriesAggregation.Average : SeriesAggregation.Sum,
            Limit = checkedQuery.Limit is { } limit ? (int)Math.Clamp(limit, 0, int.MaxValue) : null,
            CallSite = checkedQuery.CallSite,
        };
        var series = await store.SelectSeriesAsync(query).ConfigureAwait(false);
        var response = new SelectSeriesResponse();
        response.Series.AddRange(series.Select(WireConvert.ToWire));
        return response;
    });

    public Task<IMessage> SelectMergeStacktracesAsync(SelectMergeStacktracesRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        var query = QueryChecks.Merge(request);
        Unsupported(query.SpanIds.Count > 0, "span_selector");
        Unsupported(request.ProfileIdSelector.Count > 0, "profile_id_selector");
        Unsupported(request.TraceIdSelector.Count > 0, "trace_id_selector");
        var range = new TimeRange(query.StartMs, query.EndMs);
        var response = new SelectMergeStacktracesResponse();
        switch (query.Format)
        {
            case ProfileFormat.Flamegraph:
                var stacks = await store.MergeStacksAsync(request.ProfileTypeID, query.LabelSelector, range, query.CallSite).ConfigureAwait(false);
                response.Flamegraph = WireConvert.ToWire(Flamebearer.From(NestedSetFlameGraph.FromStacks([stacks], query.MaxNodes)));
                break;
            case ProfileFormat.Pprof:
                var profile = await store.MergeProfileAsync(request.ProfileTypeID, query.LabelSelector, range, query.CallSite).ConfigureAwait(false);
                response.Pprof = new PprofProfile { Profile = WireConvert.ToWire(profile) };
                break;
            default:
                throw new ConnectException(StatusCode.Unimplemented, $"format PROFILE_FORMAT_{query.Format.ToString().ToUpperInvariant()} is not supported by Hotpath; use PROFILE_FORMAT_FLAMEGRAPH or PROFILE_FORMAT_PPROF");
        }
        return response;
    });

    public Task<IMessage> SelectMergeProfileAsync(SelectMergeProfileRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        var query = QueryChecks.MergeProfile(request);
        Unsupported(request.ProfileIdSelector.Count > 0, "profile_id_selector");
        Unsupported(request.TraceIdSelector.Count > 0, "trace_id_selector");
        // Not truncated, as Pyroscope's default (max_nodes is validated but not applied here).
        var profile = await store.MergeProfileAsync(request.ProfileTypeID, query.LabelSelector, new TimeRange(query.StartMs, query.EndMs), query.CallSite)
            .ConfigureAwait(false);
        return WireConvert.ToWire(profile);
    });

    public Task<IMessage> DiffAsync(DiffRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        var (left, right) = QueryChecks.Diff(request);
        foreach (var side in (SelectMergeStacktracesRequest[])[request.Left, request.Right])
        {
            Unsupported(side.SpanSelector.Count > 0, "span_selector");
            Unsupported(side.ProfileIdSelector.Count > 0, "profile_id_selector");
            Unsupported(side.TraceIdSelector.Count > 0, "trace_id_selector");
        }
        var leftStacks = store.MergeStacksAsync(request.Left.ProfileTypeID, left.LabelSelector, new TimeRange(left.StartMs, left.EndMs), left.CallSite);
        var rightStacks = store.MergeStacksAsync(request.Right.ProfileTypeID, right.LabelSelector, new TimeRange(right.StartMs, right.EndMs), right.CallSite);
        var graph = DiffFlameGraph.FromStacks([await leftStacks.ConfigureAwait(false)], [await rightStacks.ConfigureAwait(false)], left.MaxNodes);
        return new DiffResponse { Flamegraph = WireConvert.ToWire(DiffFlamebearer.From(graph)) };
    });

    public Task<IMessage> GetProfileStatsAsync(GetProfileStatsRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        var stats = await store.StatsAsync().ConfigureAwait(false);
        return new GetProfileStatsResponse
        {
            DataIngested = stats.DataIngested,
            OldestProfileTime = stats.OldestProfileTimeMs,
            NewestProfileTime = stats.NewestProfileTimeMs,
        };
    });

    private static TimeRange Range(long start, long end)
    {
        var (s, e) = QueryChecks.TimeRange(start, end);
        return new TimeRange(s, e);
    }

    private static string Selector(IReadOnlyList<string> matchers) => matchers.Count == 0 || matchers[0].Length == 0 ? "{}" : matchers[0];

    /// <summary>
    /// Several matchers select the series every one of them selects (Pyroscope v2 joins them into one
    /// selector): the full label sets of each, intersected. Full sets name series uniquely.
    /// </summary>
    private async Task<List<LabelSet>> AllMatchAsync(IReadOnlyList<string> matchers, TimeRange range)
    {
        HashSet<LabelSet>? common = null;
        foreach (var matcher in matchers)
        {
            var sets = await store.SeriesAsync(matcher.Length == 0 ? "{}" : matcher, range).ConfigureAwait(false);
            if (common is null)
            {
                common = [.. sets];
            }
            else
            {
                common.IntersectWith(sets);
            }
        }
        return [.. common ?? []];
    }

    private static void Unsupported(bool used, string field)
    {
        if (used)
        {
            throw new ConnectException(StatusCode.Unimplemented, $"{field} is not supported by the embedded store: it does not keep span, trace or profile ids");
        }
    }

    private static async Task<IMessage> Run(Func<Task<IMessage>> query)
    {
        try
        {
            return await query().ConfigureAwait(false);
        }
        catch (Exception e) when (StoreErrors.ForQuery(e) is { } refusal)
        {
            throw refusal;
        }
    }
}
