using System.Globalization;

namespace Hotpath.Query.Ingest;

/// <summary>Go's text forms that appear inside Pyroscope's error messages.</summary>
internal static class GoText
{
    /// <summary>Go's <c>time.Time.String()</c> of a UTC instant: <c>2023-02-17 13:13:14.5 +0000 UTC</c>.</summary>
    public static string Time(long unixNanos)
    {
        var seconds = Math.DivRem(unixNanos, 1_000_000_000L, out var nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000L;
        }
        var instant = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var fraction = nanos == 0 ? "" : "." + nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return instant.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + fraction + " +0000 UTC";
    }

    /// <summary>go-humanize's <c>Bytes</c> (SI units): 4194304 is <c>4.2 MB</c>.</summary>
    public static string HumanBytes(long bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
        if (bytes < 10)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        }
        var exponent = (int)Math.Floor(Math.Log(bytes) / Math.Log(1000));
        var value = Math.Floor(bytes / Math.Pow(1000, exponent) * 10 + 0.5) / 10;
        var format = value < 10 ? "0.0" : "0";
        return value.ToString(format, CultureInfo.InvariantCulture) + " " + units[exponent];
    }
}

