using Hotpath.Engine.Errors;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Selection;
using Hotpath.Engine.Stacks;
using Hotpath.Pyroscope.Client;

namespace Hotpath.Query.Sources;

/// <summary>
/// A Pyroscope server (or Grafana Cloud Profiles, or another <c>gpx_hotpath serve</c>) as a source,
/// over the typed <see cref="PyroscopeClient"/>. Merges are fetched as the full merged pprof
/// (<c>SelectMergeProfile</c>, untruncated) and read by the engine, so every view built on them is
/// computed by our engine exactly as over the embedded store. Results are re-sorted here as the
/// interface states, whatever order the server used.
/// </summary>
/// <remarks>
/// RPCs that older Pyroscope versions lack are probed once and replaced silently: without
/// <c>ProfileTypes</c> the types are read from <c>Series</c>' <c>__profile_type__</c> values; without
/// <c>GetProfileStats</c> the stats are derived from the last day of series (see <see cref="StatsAsync"/>).
/// The client remembers the outcome, so the refused call is paid once per source.
/// </remarks>
public sealed class PyroscopeSource(string uid, PyroscopeClient client, TimeProvider time) : IProfileSource
{
    /// <summary>How far back the stats fallback looks: Pyroscope's default <c>max_query_length</c>.</summary>
    internal static readonly TimeSpan StatsFallbackWindow = TimeSpan.FromHours(24);

    /// <summary>Point spacing of the stats fallback's series, so oldest and newest are exact to this.</summary>
    internal const double StatsFallbackStepSeconds = 60;

    public string Uid { get; } = uid;

    /// <summary>The client, for the health check and capability tests.</summary>
    public PyroscopeClient Client { get; } = client;

    public Task<IReadOnlyList<ProfileTypeId>> ProfileTypesAsync(TimeRange range, CancellationToken cancellationToken) => Run(async () =>
    {
        var wireRange = ToWire(range);
        IEnumerable<string> ids;
        if (await Client.TryProfileTypesAsync(wireRange, cancellationToken).ConfigureAwait(false) is { } types)
        {
            ids = types.Select(t => t.Id);
        }
        else
        {
            var sets = await Client.SeriesAsync([], [ReservedLabels.ProfileType], wireRange, cancellationToken).ConfigureAwait(false);
            ids = sets.SelectMany(set => set).Where(l => l.Name == ReservedLabels.ProfileType).Select(l => l.Value);
        }
        return ParseTypes(ids);
    });

    public Task<IReadOnlyList<string>> LabelNamesAsync(string selector, TimeRange range, CancellationToken cancellationToken) => Run(async () =>
    {
        var names = await Client.LabelNamesAsync(Matchers(selector), ToWire(range), cancellationToken).ConfigureAwait(false);
        return Sorted(names);
    });

    public Task<IReadOnlyList<string>> LabelValuesAsync(string name, string selector, TimeRange range, CancellationToken cancellationToken) => Run(async () =>
    {
        var values = await Client.LabelValuesAsync(name, Matchers(selector), ToWire(range), cancellationToken).ConfigureAwait(false);
        // The store never lists an empty value (a series without the label); Pyroscope may.
        return Sorted(values.Where(v => v.Length > 0));
    });

    public Task<IReadOnlyList<SeriesLabels>> SeriesLabelsAsync(string selector, IReadOnlyList<string> labelNames, TimeRange range, CancellationToken cancellationToken) => Run(async () =>
    {
        var sets = await Client.SeriesAsync(Matchers(selector), labelNames, ToWire(range), cancellationToken).ConfigureAwait(false);
        var only = labelNames.Count > 0 ? labelNames.ToHashSet(StringComparer.Ordinal) : null;
        var distinct = sets.Select(set => ToLabels(only is null ? set : set.Where(l => only.Contains(l.Name)))).Distinct().ToList();
        distinct.Sort(SeriesLabels.Compare);
        return (IReadOnlyList<SeriesLabels>)distinct;
    });

    public Task<IReadOnlyList<SeriesData>> SelectSeriesAsync(SeriesRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        var query = new PyroscopeSeriesQuery(request.ProfileType, request.Selector, ToWire(request.Range), request.StepSeconds)
        {
            GroupBy = request.GroupBy,
            Limit = request.Limit,
            Aggregation = request.Aggregation == SeriesAggregationKind.Average ? PyroscopeAggregation.Average : PyroscopeAggregation.Sum,
            CallSite = request.CallSite,
        };
        var series = await Client.SelectSeriesAsync(query, cancellationToken).ConfigureAwait(false);
        var list = series
            .Where(s => s.Points.Count > 0)
            .Select(s => (Labels: ToLabels(s.Labels), Points: s.Points.OrderBy(p => p.TimestampMs).ToArray()))
            .ToList();
        list.Sort((a, b) => SeriesLabels.Compare(a.Labels, b.Labels));
        return (IReadOnlyList<SeriesData>)[.. list.Select(s => new SeriesData(
            s.Labels,
            [.. s.Points.Select(p => p.TimestampMs)],
            [.. s.Points.Select(p => p.Value)]))];
    });

    public Task<StackSet> MergeStacksAsync(MergeRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        var profile = await FetchMergeAsync(request, cancellationToken).ConfigureAwait(false);
        var merger = new ProfileMerger();
        var source = $"the merged profile from {Client.Source}";
        if (profile.SampleTypes.Length == 0)
        {
            // No sample type means no values: the empty merge.
            return merger.Stacks;
        }
        try
        {
            merger.Add(profile, SampleTypeOf(profile, request.ProfileType, Uid, Client.Source), source);
        }
        catch (PprofFormatException e)
        {
            throw Garbage(e);
        }
        return merger.Stacks;
    });

    public Task<Profile> MergeProfileAsync(MergeRequest request, CancellationToken cancellationToken) =>
        Run(() => FetchMergeAsync(request, cancellationToken));

    /// <summary>
    /// <c>GetProfileStats</c>; on a server without it, the last <see cref="StatsFallbackWindow"/> of
    /// series: no series means no data, else oldest and newest are the first and last non-empty
    /// minute's right edge over every profile type (older data is not seen: the window is
    /// Pyroscope's longest query).
    /// </summary>
    public Task<SourceStats> StatsAsync(CancellationToken cancellationToken) => Run(async () =>
    {
        if (await Client.TryGetProfileStatsAsync(cancellationToken).ConfigureAwait(false) is { } stats)
        {
            return stats.DataIngested
                ? new SourceStats(true, stats.Oldest!.Value.ToUnixTimeMilliseconds(), stats.Newest!.Value.ToUnixTimeMilliseconds())
                : new SourceStats(false, 0, 0);
        }
        var now = time.GetUtcNow();
        var window = PyroscopeTimeRange.From(now - StatsFallbackWindow, now);
        var sets = await Client.SeriesAsync([], [ReservedLabels.ProfileType], window, cancellationToken).ConfigureAwait(false);
        var types = ParseTypes(sets.SelectMany(set => set).Where(l => l.Name == ReservedLabels.ProfileType).Select(l => l.Value));
        long oldest = long.MaxValue, newest = long.MinValue;
        foreach (var type in types)
        {
            var series = await Client.SelectSeriesAsync(new PyroscopeSeriesQuery(type.ToString(), "{}", window, StatsFallbackStepSeconds), cancellationToken).ConfigureAwait(false);
            foreach (var point in series.SelectMany(s => s.Points))
            {
                oldest = Math.Min(oldest, point.TimestampMs);
                newest = Math.Max(newest, point.TimestampMs);
            }
        }
        return oldest == long.MaxValue ? new SourceStats(false, 0, 0) : new SourceStats(true, oldest, newest);
    });

    private async Task<Profile> FetchMergeAsync(MergeRequest request, CancellationToken cancellationToken)
    {
        // No MaxNodes: Pyroscope does not truncate SelectMergeProfile by default, so the merge is exact.
        var bytes = await Client.SelectMergeProfileAsync(new PyroscopeMergeQuery(request.ProfileType, request.Selector, ToWire(request.Range)) { CallSite = request.CallSite }, cancellationToken)
            .ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            // An empty message is a valid empty Profile (a server may send it when nothing matched):
            // the empty merge, with the requested sample type as the store builds it.
            return EmptyMerge(request);
        }
        try
        {
            // The client already bounded the answer's size; the engine's own bound must not be smaller.
            return PprofReader.Read(bytes, $"the merged profile from {Client.Source}", new PprofReadOptions { MaxDecompressedBytes = Math.Max(bytes.Length, PprofReadOptions.DefaultMaxDecompressedBytes) });
        }
        catch (PprofFormatException e)
        {
            throw Garbage(e);
        }
    }

    private static Profile EmptyMerge(MergeRequest request)
    {
        ProfileTypeId.TryParse(request.ProfileType, out var id);
        return MergedProfile.Build(new StackSet(new NameTable(1)), new MergedProfileHeader(id.SampleType ?? "", id.SampleUnit ?? "")
        {
            PeriodType = id.PeriodType ?? "",
            PeriodUnit = id.PeriodUnit ?? "",
        });
    }

    private SourceException Garbage(PprofFormatException e) =>
        new(ErrorKind.Downstream, $"Pyroscope source '{Uid}': SelectMergeProfile on {Client.Source} answered a profile the engine cannot read: {e.Message}", e);

    /// <summary>
    /// The requested sample type's index: Pyroscope sends exactly that one, but a richer answer is
    /// read by name. A lone sample type is taken as it is (Pyroscope names it after the request); an
    /// answer without the requested one among several is the source's fault, not a silent other type.
    /// </summary>
    private static int SampleTypeOf(Profile profile, string profileType, string uid, string source)
    {
        ProfileTypeId.TryParse(profileType, out var id);
        for (var i = 0; i < profile.SampleTypes.Length; i++)
        {
            if (profile.Strings[profile.SampleTypes[i].Type] == id.SampleType)
            {
                return i;
            }
        }
        if (profile.SampleTypes.Length <= 1)
        {
            return 0;
        }
        throw new SourceException(ErrorKind.Downstream,
            $"Pyroscope source '{uid}': SelectMergeProfile on {source} answered sample types {string.Join(", ", profile.SampleTypes.Select(t => profile.Strings[t.Type]))} without the requested '{id.SampleType}'");
    }

    private static IReadOnlyList<ProfileTypeId> ParseTypes(IEnumerable<string> ids)
    {
        var types = new SortedDictionary<string, ProfileTypeId>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (ProfileTypeId.TryParse(id, out var parsed))
            {
                types.TryAdd(parsed.ToString(), parsed);
            }
        }
        return [.. types.Values];
    }

    private static IReadOnlyList<string> Sorted(IEnumerable<string> values)
    {
        var set = new SortedSet<string>(values, StringComparer.Ordinal);
        return [.. set];
    }

    private static SeriesLabels ToLabels(IEnumerable<PyroscopeLabel> labels) =>
        SeriesLabels.From(labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value)));

    /// <summary>
    /// "All series" is no matcher at all: Prometheus' selector parser refuses <c>{}</c> on its own,
    /// and Pyroscope passes LabelNames/LabelValues/Series matchers to it unchanged.
    /// </summary>
    private static string[] Matchers(string selector) =>
        string.IsNullOrWhiteSpace(selector) || IsEmptySelector(selector) ? [] : [selector];

    private static bool IsEmptySelector(string selector)
    {
        var trimmed = selector.AsSpan().Trim();
        return trimmed.Length >= 2 && trimmed[0] == '{' && trimmed[^1] == '}' && trimmed[1..^1].Trim().IsEmpty;
    }

    /// <summary>The interface's inclusive millisecond range, sent as is: Pyroscope compares profile times with both ends included.</summary>
    private static PyroscopeTimeRange ToWire(TimeRange range) => new(range.StartMs, range.EndMs);

    /// <summary>Runs one source call and classifies its failure; the message names the source by uid and redacted URL only.</summary>
    private async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (PyroscopeException e)
        {
            // The client already classified the failure with the one ErrorKind.
            throw new SourceException(e.Kind, $"Pyroscope source '{Uid}': {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            // The client refuses bad arguments before sending anything.
            throw new SourceException(ErrorKind.BadRequest, $"Pyroscope source '{Uid}': {e.Message}", e);
        }
    }
}
