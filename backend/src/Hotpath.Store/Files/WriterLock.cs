using System.Globalization;

namespace Hotpath.Store.Files;

/// <summary>
/// One writer per store folder, across processes: the writer holds <c>hotpath.lock</c> open with an
/// exclusive advisory lock (.NET takes <c>flock(LOCK_EX)</c> for <see cref="FileShare.None"/>), which
/// the kernel releases when the process ends however it ends — a kill -9 leaves no stale lock. The
/// holder's process id is written to <c>hotpath.writer</c> beside it (the lock file itself cannot
/// be read while locked), only to name the holder in the error a second writer gets.
/// </summary>
public sealed class WriterLock : IDisposable
{
    public const string LockFileName = "hotpath.lock";
    public const string HolderFileName = "hotpath.writer";

    private readonly FileStream _lock;

    private WriterLock(FileStream held) => _lock = held;

    /// <summary>Takes the folder's writer lock, or returns null and the holder's pid (0 when unknown) when another holds it.</summary>
    public static WriterLock? TryTake(string folder, out int holderPid)
    {
        holderPid = 0;
        var path = Path.Combine(folder, LockFileName);
        FileStream held;
        try
        {
            held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            holderPid = Holder(folder);
            return null;
        }
        try
        {
            File.WriteAllText(Path.Combine(folder, HolderFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        catch (IOException)
        {
            // A full disk: the lock still holds; a second writer's message just cannot name this process.
        }
        return new WriterLock(held);
    }

    private static int Holder(string folder)
    {
        try
        {
            return int.TryParse(File.ReadAllText(Path.Combine(folder, HolderFileName)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public void Dispose() => _lock.Dispose();
}
