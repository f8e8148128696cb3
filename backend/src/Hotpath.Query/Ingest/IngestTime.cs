using System.Globalization;

namespace Hotpath.Query.Ingest;

/// <summary>
/// <c>from</c>/<c>until</c> of <c>/ingest</c>, read as Pyroscope's <c>attime.Parse</c> reads them:
/// 8 digits are <c>YYYYMMDD</c>; other digit strings are Unix time whose length picks the unit
/// (13 ms, 16 µs, 19 ns, anything else seconds); <c>now</c> and <c>now-&lt;n&gt;&lt;unit&gt;</c>
/// (s, m/min, h, d, w, M/mon, y). Empty means now.
/// </summary>
public static class IngestTime
{
    /// <summary>Unix nanoseconds of <paramref name="text"/>.</summary>
    /// <exception cref="IngestException">400 for anything else, naming the parameter and the value.</exception>
    public static long Parse(string? text, string parameter, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var value = (text ?? "").Trim();
        if (value.Length == 0 || value == "now")
        {
            return ToNanos(now);
        }
        if (value.All(char.IsAsciiDigit))
        {
            if (value.Length == 8 && DateTime.TryParseExact(value, "yyyyMMdd", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day))
            {
                return ToNanos(new DateTimeOffset(day, TimeSpan.Zero));
            }
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw Bad(parameter, value);
            }
            return value.Length switch
            {
                13 => number * 1_000_000L,
                16 => number * 1_000L,
                19 => number,
                _ when number <= long.MaxValue / 1_000_000_000L => number * 1_000_000_000L,
                _ => throw Bad(parameter, value),
            };
        }
        if (value.StartsWith("now-", StringComparison.Ordinal) && TryOffset(value[4..], now, out var past))
        {
            return ToNanos(past);
        }
        throw Bad(parameter, value);
    }

    private static bool TryOffset(string text, DateTimeOffset now, out DateTimeOffset result)
    {
        result = now;
        var digits = text.TakeWhile(char.IsAsciiDigit).Count();
        if (digits == 0 || !int.TryParse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }
        switch (text[digits..])
        {
            case "s": result = now.AddSeconds(-n); return true;
            case "m" or "min": result = now.AddMinutes(-n); return true;
            case "h": result = now.AddHours(-n); return true;
            case "d": result = now.AddDays(-n); return true;
            case "w": result = now.AddDays(-7.0 * n); return true;
            case "M" or "mon": result = now.AddMonths(-n); return true;
            case "y": result = now.AddYears(-n); return true;
            default: return false;
        }
    }

    private static long ToNanos(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100L;

    private static IngestException Bad(string parameter, string value) =>
        IngestException.BadParameter($"{parameter}: \"{value}\" is not a time (Unix seconds, ms, µs or ns, YYYYMMDD, now or now-<n><unit>)");
}
