namespace Hotpath.Query.Ingest;

/// <summary>Where accepted pushes go: the embedded store (<see cref="Sources.EmbeddedIngest"/>).</summary>
public interface IIngestTarget
{
    /// <summary>
    /// Stores the whole batch or nothing, returning only once it is durable, so the caller's 200 is an
    /// acknowledgement that survives a crash.
    /// </summary>
    /// <exception cref="IngestException">The store refused the batch, is too busy or is shutting down.</exception>
    Task WriteAsync(IngestBatch batch, CancellationToken cancellationToken);
}
