using Hotpath.Engine.Errors;
using Hotpath.Engine.Model;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Selection;
using Hotpath.Engine.Stacks;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage;

namespace Hotpath.Query.Sources;

/// <summary>
/// The embedded store as a source. The store is borrowed (its owner opens and disposes it); the
/// store's own errors are classified here: selectors and arguments it refuses are the caller's
/// fault, anything SQLite reports is the source's.
/// </summary>
public sealed class EmbeddedSource(string uid, ProfileStore store) : IProfileSource
{
    public string Uid { get; } = uid;

    public Task<IReadOnlyList<ProfileTypeId>> ProfileTypesAsync(TimeRange range, CancellationToken cancellationToken) =>
        Run(() => store.ProfileTypesAsync(range), cancellationToken);

    public Task<IReadOnlyList<string>> LabelNamesAsync(string selector, TimeRange range, CancellationToken cancellationToken) =>
        Run(() => store.LabelNamesAsync(selector, range), cancellationToken);

    public Task<IReadOnlyList<string>> LabelValuesAsync(string name, string selector, TimeRange range, CancellationToken cancellationToken) =>
        Run(() => store.LabelValuesAsync(name, selector, range), cancellationToken);

    public async Task<IReadOnlyList<SeriesLabels>> SeriesLabelsAsync(string selector, IReadOnlyList<string> labelNames, TimeRange range, CancellationToken cancellationToken)
    {
        var sets = await Run(() => store.SeriesAsync(selector, range, labelNames), cancellationToken).ConfigureAwait(false);
        return [.. sets.Select(s => new SeriesLabels(s.Pairs))];
    }

    public async Task<IReadOnlyList<SeriesData>> SelectSeriesAsync(SeriesRequest request, CancellationToken cancellationToken)
    {
        var query = new SeriesQuery(request.ProfileType, request.Selector, request.Range, request.StepSeconds)
        {
            GroupBy = request.GroupBy,
            Aggregation = request.Aggregation == SeriesAggregationKind.Average ? SeriesAggregation.Average : SeriesAggregation.Sum,
            Limit = request.Limit,
            CallSite = request.CallSite,
        };
        var series = await Run(() => store.SelectSeriesAsync(query), cancellationToken).ConfigureAwait(false);
        return [.. series.Select(s => new SeriesData(
            new SeriesLabels(s.Labels.Pairs),
            [.. s.Points.Select(p => p.TimestampMs)],
            [.. s.Points.Select(p => p.Value)]))];
    }

    public Task<StackSet> MergeStacksAsync(MergeRequest request, CancellationToken cancellationToken) =>
        Run(() => store.MergeStacksAsync(request.ProfileType, request.Selector, request.Range, request.CallSite), cancellationToken);

    public Task<Profile> MergeProfileAsync(MergeRequest request, CancellationToken cancellationToken) =>
        Run(() => store.MergeProfileAsync(request.ProfileType, request.Selector, request.Range, request.CallSite), cancellationToken);

    public async Task<SourceStats> StatsAsync(CancellationToken cancellationToken)
    {
        var stats = await Run(store.StatsAsync, cancellationToken).ConfigureAwait(false);
        return new SourceStats(stats.DataIngested, stats.OldestProfileTimeMs, stats.NewestProfileTimeMs);
    }

    /// <summary>
    /// Runs one store query. The store reads synchronously on a pooled connection and cannot be
    /// interrupted, so cancellation is checked before the read; a read in flight finishes.
    /// </summary>
    private async Task<T> Run<T>(Func<Task<T>> query, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await query().ConfigureAwait(false);
        }
        catch (Exception e) when (e is SelectorException or ArgumentException)
        {
            throw new SourceException(ErrorKind.BadRequest, e.Message, e);
        }
        catch (Exception e) when (e is SqliteException or IOException or ObjectDisposedException or StoreCorruptException or StoreReadOnlyException or StoreFullException)
        {
            throw new SourceException(ErrorKind.Downstream, $"embedded store '{Uid}': {e.Message}", e);
        }
    }
}
