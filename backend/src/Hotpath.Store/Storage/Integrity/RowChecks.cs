using Hotpath.Store.Sqlite;

namespace Hotpath.Store.Storage.Integrity;

/// <summary>
/// Reads a stored row's columns and its checksum together and hands the columns out only when they
/// verify; otherwise throws <see cref="DamagedRowException"/> (the store reports it as
/// <see cref="StoreCorruptException"/> naming the database). Every read of these rows goes through here.
/// </summary>
internal static class RowChecks
{
    /// <summary>The profile columns <see cref="Samples"/> expects, in order, starting at its <c>at</c> column.</summary>
    public const string ProfileColumns = "time_ns, duration_ns, period, total, samples, crc";

    /// <summary>The columns of the covering index SelectSeries reads, for <see cref="Total"/>.</summary>
    public const string HeadColumns = "time_ns, total, head_crc";

    public static ReadOnlySpan<byte> Samples(SqliteStatement row, int at, long seriesId)
    {
        var samples = row.Blob(at + 4);
        if (Checksums.Profile(seriesId, row.Long(at), row.Long(at + 1), row.Long(at + 2), row.Long(at + 3), samples) != row.Long(at + 5))
        {
            throw new DamagedRowException($"the profile of series {seriesId} at {row.Long(at)} ns failed its checksum");
        }
        return samples;
    }

    public static long Total(SqliteStatement row, int at, long seriesId)
    {
        var total = row.Long(at + 1);
        if (Checksums.ProfileHead(seriesId, row.Long(at), total) != row.Long(at + 2))
        {
            throw new DamagedRowException($"the index entry of the profile of series {seriesId} at {row.Long(at)} ns failed its checksum");
        }
        return total;
    }

    /// <summary>Columns: hash, frames, crc.</summary>
    public static ReadOnlySpan<byte> Frames(SqliteStatement row, int at, long stackId)
    {
        var frames = row.Blob(at + 1);
        if (Checksums.Stack(row.Long(at), frames) != row.Long(at + 2))
        {
            throw new DamagedRowException($"stack {stackId} failed its checksum");
        }
        return frames;
    }

    /// <summary>Columns: name, crc.</summary>
    public static string Name(SqliteStatement row, int at, long nameId)
    {
        var name = row.Text(at);
        if (Checksums.Name(name) != row.Long(at + 1))
        {
            throw new DamagedRowException($"frame name {nameId} failed its checksum");
        }
        return name;
    }

    /// <summary>Columns: profile_type, labels, crc.</summary>
    public static (string ProfileType, string Labels) Series(SqliteStatement row, int at, long seriesId)
    {
        var type = row.Text(at);
        var labels = row.Text(at + 1);
        if (Checksums.Series(type, labels) != row.Long(at + 2))
        {
            throw new DamagedRowException($"series {seriesId} failed its checksum");
        }
        return (type, labels);
    }

    /// <summary>Columns: body, crc.</summary>
    public static ReadOnlySpan<byte> Upload(SqliteStatement row, int at, string id)
    {
        var body = row.Blob(at);
        if (Checksums.Upload(body) != row.Long(at + 1))
        {
            throw new DamagedRowException($"ad hoc upload {id} failed its checksum");
        }
        return body;
    }
}
