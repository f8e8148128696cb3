namespace Hotpath.Engine.Selection;

/// <summary>
/// A query time range in milliseconds since the epoch, both ends inclusive: a profile belongs to it
/// when its time truncated to the millisecond lies in [start, end] (so a profile at 12.345678 s is
/// in a range ending at 12.345 s, which Pyroscope's nanosecond comparison would miss).
/// </summary>
public readonly record struct TimeRange(long StartMs, long EndMs)
{
    public long StartNs => StartMs * 1_000_000;

    public long EndNs => EndMs * 1_000_000 + 999_999;

    /// <summary>Throws <see cref="ArgumentException"/> with Pyroscope's message for a missing or reversed range.</summary>
    public void Validate()
    {
        if (StartMs == 0 || EndMs == 0)
        {
            throw new ArgumentException("missing time range in the query");
        }
        if (StartMs > EndMs)
        {
            throw new ArgumentException("query start time is after end time");
        }
    }

    public static TimeRange From(DateTimeOffset start, DateTimeOffset end) => new(start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds());
}
