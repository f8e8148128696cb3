namespace Hotpath.Query.Concurrency;

/// <summary>
/// Runs one source call per item with at most a fixed number in flight, so a view that needs many
/// calls (one per label, one per profile type) never floods a Pyroscope server. Results keep the
/// items' order; the first failure cancels the calls not yet started and is rethrown.
/// </summary>
public static class FanOut
{
    public static async Task<TResult[]> MapAsync<TItem, TResult>(
        IReadOnlyList<TItem> items, int maxConcurrency, Func<TItem, CancellationToken, Task<TResult>> call, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        var results = new TResult[items.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), options, async (i, token) =>
        {
            results[i] = await call(items[i], token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return results;
    }
}
