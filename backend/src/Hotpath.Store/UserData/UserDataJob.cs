using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage.Writing;

namespace Hotpath.Store.UserData;

/// <summary>
/// One user-data write on the writer thread, committed with whatever else the writer groups it
/// with. Its result is published only after COMMIT, so a completed task means the row is on disk.
/// The function may run twice (once in a group that another job broke, then alone): it must read
/// what it needs inside the transaction and not keep effects outside it.
/// </summary>
internal sealed class UserDataJob<T>(Func<SqliteConnection, T> write) : WriteJob
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _done.Task;

    public override void Apply(WriterContext context) => _result = write(context.Db);

    public override void Complete() => _done.TrySetResult(_result!);

    public override void Fail(Exception error) => _done.TrySetException(error);
}
