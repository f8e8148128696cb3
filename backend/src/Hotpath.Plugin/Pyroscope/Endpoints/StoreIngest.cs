using Hotpath.Plugin.Pyroscope.Ingest;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;

namespace Hotpath.Plugin.Pyroscope.Endpoints;

/// <summary>
/// Hands a validated push to the store. Returns only once the store says the batch is durable, so
/// the caller's 200 is an acknowledgement that survives a crash; a refusal stores nothing.
/// </summary>
public sealed class StoreIngest(ProfileStore store)
{
    /// <exception cref="IngestException">The store refused the batch or is too busy.</exception>
    public async Task WriteAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        var items = new List<IngestItem>(batch.Profiles.Count);
        foreach (var p in batch.Profiles)
        {
            items.Add(new IngestItem(LabelSet.From(p.Labels), p.Profile, p.TimeNanos, p.Profile.DurationNanos));
        }
        if (items.Count == 0)
        {
            // e.g. an /ingest upload tagged profile_id: accepted, nothing to keep.
            return;
        }
        try
        {
            // Not cancelled with the request: once queued, a write either commits or fails as a
            // whole, and a client that hung up must not leave the answer to chance.
            await store.IngestAsync(items, CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (StoreErrors.ForIngest(e) is { } refusal)
        {
            throw refusal;
        }
    }

    /// <summary>The same for Push, whose errors travel as Connect errors.</summary>
    public async Task WritePushAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (IngestException e)
        {
            throw e.ToConnect();
        }
    }
}
