using System.Text.RegularExpressions;
using Hotpath.Engine.Diff;
using Hotpath.Engine.Errors;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Engine.Model;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Selection;
using Hotpath.Query.FlameGraphs;
using Hotpath.Query.Routing;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Querier;

/// <summary>The answer of SelectMergeStacktraces: a flame graph or a pprof profile, as the request's format asked.</summary>
public sealed record MergeAnswer(Flamebearer? FlameGraph, Profile? Pprof);

/// <summary>
/// Pyroscope's <c>querier.v1.QuerierService</c> over one <see cref="IProfileSource"/>: each call checks
/// its request with Pyroscope's rules (<see cref="QueryChecks"/>), asks the source, and composes the
/// answer (<see cref="FlameGraphComposition"/>). The same source and rules serve the app's views, so
/// the standalone server's Pyroscope API and its pages agree.
/// </summary>
/// <remarks>
/// Refusals are <see cref="ResourceError"/> (bad request, not implemented) with Pyroscope's messages;
/// a failing source throws its <see cref="SourceException"/>. Times are Unix milliseconds.
/// </remarks>
public sealed partial class QuerierService(IProfileSource source, TimeProvider time)
{
    /// <summary>Label names a client without the UTF-8 capability can receive (Prometheus' legacy rule).</summary>
    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LegacyLabelName();

    /// <summary>ProfileTypes: with no range, the last hour.</summary>
    public Task<IReadOnlyList<ProfileTypeId>> ProfileTypesAsync(long start, long end, CancellationToken cancellationToken)
    {
        var (s, e) = QueryChecks.TimeRangeOrLastHour(start, end, time);
        return source.ProfileTypesAsync(new TimeRange(s, e), cancellationToken);
    }

    /// <summary>
    /// LabelNames of the series every matcher selects; without <paramref name="utf8Names"/> names such as
    /// <c>service.name</c> are left out, as Pyroscope does for clients that did not ask for them.
    /// </summary>
    public async Task<IReadOnlyList<string>> LabelNamesAsync(IReadOnlyList<string> matchers, long start, long end, bool utf8Names, CancellationToken cancellationToken)
    {
        var range = Range(start, end);
        IEnumerable<string> names = matchers.Count <= 1
            ? await source.LabelNamesAsync(Selector(matchers), range, cancellationToken).ConfigureAwait(false)
            : (await AllMatchAsync(matchers, range, cancellationToken).ConfigureAwait(false))
                .SelectMany(s => s.Pairs.Select(p => p.Key)).Distinct().Order(StringComparer.Ordinal);
        return [.. names.Where(n => utf8Names || LegacyLabelName().IsMatch(n))];
    }

    public async Task<IReadOnlyList<string>> LabelValuesAsync(string name, IReadOnlyList<string> matchers, long start, long end, CancellationToken cancellationToken)
    {
        var range = Range(start, end);
        var label = QueryChecks.LabelName(name);
        if (matchers.Count <= 1)
        {
            return await source.LabelValuesAsync(label, Selector(matchers), range, cancellationToken).ConfigureAwait(false);
        }
        return [.. (await AllMatchAsync(matchers, range, cancellationToken).ConfigureAwait(false))
            .Select(s => s.Get(label)).OfType<string>().Where(v => v.Length > 0).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>Series: distinct label sets restricted to <paramref name="labelNames"/> (all when empty), sorted.</summary>
    public async Task<IReadOnlyList<SeriesLabels>> SeriesAsync(IReadOnlyList<string> matchers, IReadOnlyList<string> labelNames, long start, long end, bool utf8Names, CancellationToken cancellationToken)
    {
        var range = Range(start, end);
        IReadOnlyList<SeriesLabels> sets;
        if (matchers.Count <= 1)
        {
            sets = await source.SeriesLabelsAsync(Selector(matchers), labelNames, range, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var only = labelNames.ToHashSet(StringComparer.Ordinal);
            var distinct = (await AllMatchAsync(matchers, range, cancellationToken).ConfigureAwait(false))
                .Select(s => only.Count > 0 ? s.Only(only) : s).Distinct().ToList();
            distinct.Sort(SeriesLabels.Compare);
            sets = distinct;
        }
        return utf8Names ? sets : [.. sets.Select(s => new SeriesLabels([.. s.Pairs.Where(p => LegacyLabelName().IsMatch(p.Key))]))];
    }

    public Task<IReadOnlyList<SeriesData>> SelectSeriesAsync(SeriesInput request, CancellationToken cancellationToken)
    {
        var query = QueryChecks.Series(request);
        return source.SelectSeriesAsync(new SeriesRequest(request.ProfileTypeId, query.LabelSelector, new TimeRange(query.StartMs, query.EndMs), request.Step)
        {
            GroupBy = query.GroupBy,
            Aggregation = query.Aggregation,
            Limit = query.Limit is { } limit ? (int)Math.Clamp(limit, 0, int.MaxValue) : null,
            CallSite = query.CallSite,
        }, cancellationToken);
    }

    public async Task<MergeAnswer> SelectMergeStacktracesAsync(MergeInput request, CancellationToken cancellationToken)
    {
        var query = QueryChecks.Merge(request);
        Unsupported(query.SpanIds.Count > 0, "span_selector");
        Unsupported(request.ProfileIdSelector.Count > 0, "profile_id_selector");
        Unsupported(request.TraceIdSelector.Count > 0, "trace_id_selector");
        var merge = new MergeRequest(request.ProfileTypeId, query.LabelSelector, new TimeRange(query.StartMs, query.EndMs)) { CallSite = query.CallSite };
        switch (query.Format)
        {
            case MergeFormat.Flamegraph:
                var stacks = await source.MergeStacksAsync(merge, cancellationToken).ConfigureAwait(false);
                return new MergeAnswer(Flamebearer.From(FlameGraphComposition.Compose(stacks, query.MaxNodes, FlameGraphCut.Pyroscope)), null);
            case MergeFormat.Pprof:
                return new MergeAnswer(null, await source.MergeProfileAsync(merge, cancellationToken).ConfigureAwait(false));
            default:
                throw new ResourceError(ErrorKind.NotImplemented,
                    $"format PROFILE_FORMAT_{query.Format.ToString().ToUpperInvariant()} is not supported by Hotpath; use PROFILE_FORMAT_FLAMEGRAPH or PROFILE_FORMAT_PPROF");
        }
    }

    /// <summary>SelectMergeProfile: the merge, not truncated (as Pyroscope's default; max_nodes is validated but not applied).</summary>
    public Task<Profile> SelectMergeProfileAsync(MergeInput request, CancellationToken cancellationToken)
    {
        var query = QueryChecks.MergeProfile(request);
        Unsupported(request.ProfileIdSelector.Count > 0, "profile_id_selector");
        Unsupported(request.TraceIdSelector.Count > 0, "trace_id_selector");
        return source.MergeProfileAsync(
            new MergeRequest(request.ProfileTypeId, query.LabelSelector, new TimeRange(query.StartMs, query.EndMs)) { CallSite = query.CallSite },
            cancellationToken);
    }

    public async Task<DiffFlamebearer> DiffAsync(MergeInput? leftInput, MergeInput? rightInput, CancellationToken cancellationToken)
    {
        var (left, right) = QueryChecks.Diff(leftInput, rightInput);
        foreach (var side in (MergeInput[])[leftInput!, rightInput!])
        {
            Unsupported(side.SpanSelector.Count > 0, "span_selector");
            Unsupported(side.ProfileIdSelector.Count > 0, "profile_id_selector");
            Unsupported(side.TraceIdSelector.Count > 0, "trace_id_selector");
        }
        var leftStacks = source.MergeStacksAsync(
            new MergeRequest(leftInput!.ProfileTypeId, left.LabelSelector, new TimeRange(left.StartMs, left.EndMs)) { CallSite = left.CallSite }, cancellationToken);
        var rightStacks = source.MergeStacksAsync(
            new MergeRequest(rightInput!.ProfileTypeId, right.LabelSelector, new TimeRange(right.StartMs, right.EndMs)) { CallSite = right.CallSite }, cancellationToken);
        var graph = FlameGraphComposition.Diff(await leftStacks.ConfigureAwait(false), await rightStacks.ConfigureAwait(false), left.MaxNodes);
        return DiffFlamebearer.From(graph);
    }

    public Task<SourceStats> StatsAsync(CancellationToken cancellationToken) => source.StatsAsync(cancellationToken);

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
    private async Task<List<SeriesLabels>> AllMatchAsync(IReadOnlyList<string> matchers, TimeRange range, CancellationToken cancellationToken)
    {
        HashSet<SeriesLabels>? common = null;
        foreach (var matcher in matchers)
        {
            var sets = await source.SeriesLabelsAsync(matcher.Length == 0 ? "{}" : matcher, [], range, cancellationToken).ConfigureAwait(false);
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
            throw new ResourceError(ErrorKind.NotImplemented, $"{field} is not supported by the embedded store: it does not keep span, trace or profile ids");
        }
    }
}
