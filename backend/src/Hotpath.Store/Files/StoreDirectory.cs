namespace Hotpath.Store.Files;

/// <summary>The folder the embedded store keeps its files in.</summary>
public static class StoreDirectory
{
    /// <summary>
    /// Checks that the store's folder exists (creating it if needed) and that a file can be
    /// written, flushed to disk and removed there — what the store needs to acknowledge writes.
    /// Returns null when usable, else the reason.
    /// </summary>
    public static string? Check(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                stream.WriteByte(1);
                stream.Flush(flushToDisk: true);
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"store folder '{path}' is not writable: {e.Message}";
        }
    }
}
