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

    /// <summary>The latest millisecond whose nanoseconds fit in 64 bits (2262-04-11T23:47:16.853Z), the store's time unit.</summary>
    public const long MaxMs = (long.MaxValue - 999_999) / 1_000_000;

    /// <summary>The earliest such millisecond (1677-09-21).</summary>
    public const long MinMs = long.MinValue / 1_000_000 + 1;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> with Pyroscope's message for a missing or reversed range,
    /// and <see cref="ArgumentOutOfRangeException"/> for times that nanoseconds in 64 bits cannot represent (past 2262).
    /// </summary>
    public void Validate()
    {
        if (StartMs == 0 || EndMs == 0)
        {
            throw new ArgumentException("missing time range in the query");
        }
        if (StartMs is > MaxMs or < MinMs || EndMs is > MaxMs or < MinMs)
        {
            throw new ArgumentOutOfRangeException(null,
                $"time range {StartMs}..{EndMs} ms is outside the times the store can represent (nanoseconds since 1970 in 64 bits: " +
                $"{DateTimeOffset.FromUnixTimeMilliseconds(MinMs):yyyy-MM-dd} to {DateTimeOffset.FromUnixTimeMilliseconds(MaxMs):yyyy-MM-dd'T'HH:mm:ss.fff'Z'})");
        }
        if (StartMs > EndMs)
        {
            throw new ArgumentException("query start time is after end time");
        }
    }

    public static TimeRange From(DateTimeOffset start, DateTimeOffset end) => new(start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds());
}
