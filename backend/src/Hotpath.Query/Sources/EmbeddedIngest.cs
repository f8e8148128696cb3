using Hotpath.Query.Ingest;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;

namespace Hotpath.Query.Sources;

/// <summary>
/// Hands a validated push to the embedded store, and words the store's refusals as ingest refusals
/// (the store's own exception types stay behind this adapter).
/// </summary>
public sealed class EmbeddedIngest(ProfileStore store) : IIngestTarget
{
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
        catch (IngestRejectedException e)
        {
            throw IngestException.Invalid(e.Message);
        }
        catch (SeriesLimitException e)
        {
            throw IngestException.LimitExceeded(e.Message);
        }
        catch (StoreBusyException e)
        {
            throw IngestException.Unavailable(e.Message);
        }
        catch (StoreFullException e)
        {
            throw IngestException.NoSpace(e.Message);
        }
        catch (StoreReadOnlyException e)
        {
            throw IngestException.Unavailable(e.Message);
        }
        catch (ObjectDisposedException)
        {
            throw IngestException.Unavailable("the store is shutting down");
        }
    }
}
