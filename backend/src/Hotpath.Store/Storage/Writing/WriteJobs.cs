using Hotpath.Store.Storage.Symbols;

namespace Hotpath.Store.Storage.Writing;

/// <summary>Work for the writer thread. Completed only after the transaction holding it committed.</summary>
internal abstract class WriteJob
{
    public abstract void Apply(WriterContext context);

    /// <summary>Called after commit (success) — publish results to the caller.</summary>
    public abstract void Complete();

    public abstract void Fail(Exception error);

    /// <summary>Jobs that must run alone in their own transaction (retention).</summary>
    public virtual bool Exclusive => false;
}

internal sealed class IngestJob(List<PreparedProfile> profiles) : WriteJob
{
    private readonly TaskCompletionSource<IngestResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<long> _ids = [];
    private int _newSeries;

    public Task<IngestResult> Task => _done.Task;

    public override void Apply(WriterContext context)
    {
        _ids = new List<long>(profiles.Count);
        _newSeries = 0;
        foreach (var p in profiles)
        {
            _ids.Add(context.WriteProfile(p, ref _newSeries));
        }
    }

    public override void Complete() => _done.TrySetResult(new IngestResult(_ids, _newSeries));

    public override void Fail(Exception error) => _done.TrySetException(error);
}

internal sealed class SweepJob : WriteJob
{
    private readonly TaskCompletionSource<RetentionReport> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RetentionReport? _report;

    public Task<RetentionReport> Task => _done.Task;

    public override bool Exclusive => true;

    public override void Apply(WriterContext context) => _report = context.Sweep();

    public override void Complete() => _done.TrySetResult(_report!);

    public override void Fail(Exception error) => _done.TrySetException(error);
}

/// <summary>Deletes symbols the mark phase found unreferenced (see <see cref="SymbolCollector"/>).</summary>
internal sealed class CollectSymbolsJob(SymbolMarks marks) : WriteJob
{
    private readonly TaskCompletionSource<(long Stacks, long Names)> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (long, long) _deleted;

    public Task<(long Stacks, long Names)> Task => _done.Task;

    public override bool Exclusive => true;

    public override void Apply(WriterContext context) => _deleted = context.CollectSymbols(marks);

    public override void Complete() => _done.TrySetResult(_deleted);

    public override void Fail(Exception error) => _done.TrySetException(error);
}
