namespace Hotpath.Pyroscope.Client;

/// <summary>
/// Checks made before anything is sent, so a caller's mistake is an <see cref="ArgumentException"/>
/// naming the parameter and the bad value, never a round trip and a server message.
/// </summary>
internal static class RequestChecks
{
    public static void Range(PyroscopeTimeRange range, string parameter)
    {
        // Pyroscope refuses only a start after the end; a one-millisecond range is a valid query.
        if (range.StartMs < 0 || range.EndMs < range.StartMs)
        {
            throw new ArgumentException($"time range must have 0 <= start <= end (ms since the epoch); got start={range.StartMs}, end={range.EndMs}", parameter);
        }
    }

    public static void Merge(PyroscopeMergeQuery query, string parameter)
    {
        ArgumentNullException.ThrowIfNull(query, parameter);
        ProfileType(query.ProfileTypeId, parameter);
        Range(query.Range, parameter);
        if (query.MaxNodes is <= 0)
        {
            throw new ArgumentException($"maxNodes must be positive; got {query.MaxNodes}", parameter);
        }
    }

    public static void Series(PyroscopeSeriesQuery query, string parameter)
    {
        ArgumentNullException.ThrowIfNull(query, parameter);
        ProfileType(query.ProfileTypeId, parameter);
        Range(query.Range, parameter);
        if (!double.IsFinite(query.StepSeconds) || query.StepSeconds <= 0)
        {
            throw new ArgumentException($"step must be a positive number of seconds; got {query.StepSeconds}", parameter);
        }
        if (query.Limit is <= 0)
        {
            throw new ArgumentException($"limit must be positive; got {query.Limit}", parameter);
        }
    }

    private static void ProfileType(string id, string parameter)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Split(':').Length != 5)
        {
            throw new ArgumentException($"profile type id must be name:sample_type:sample_unit:period_type:period_unit; got '{id}'", parameter);
        }
    }

    public static void Options(PyroscopeClientOptions options)
    {
        Check(options.MaxRetries >= 0, nameof(options.MaxRetries), options.MaxRetries, ">= 0");
        Check(options.RetryBaseDelay > TimeSpan.Zero, nameof(options.RetryBaseDelay), options.RetryBaseDelay, "> 0");
        Check(options.MaxRetryAfter >= TimeSpan.Zero, nameof(options.MaxRetryAfter), options.MaxRetryAfter, ">= 0");
        Check(options.TotalTimeout >= TimeSpan.FromMilliseconds(10), nameof(options.TotalTimeout), options.TotalTimeout, ">= 10 ms");
        Check(options.BreakerFailureRatio is > 0 and <= 1, nameof(options.BreakerFailureRatio), options.BreakerFailureRatio, "in (0, 1]");
        Check(options.BreakerMinimumThroughput >= 2, nameof(options.BreakerMinimumThroughput), options.BreakerMinimumThroughput, ">= 2");
        Check(options.BreakerSamplingDuration >= TimeSpan.FromMilliseconds(500), nameof(options.BreakerSamplingDuration), options.BreakerSamplingDuration, ">= 500 ms");
        Check(options.BreakDuration >= TimeSpan.FromMilliseconds(500), nameof(options.BreakDuration), options.BreakDuration, ">= 500 ms");
        Check(options.MaxResponseBytes > 0, nameof(options.MaxResponseBytes), options.MaxResponseBytes, "> 0");
    }

    public static void Endpoint(PyroscopeEndpoint endpoint)
    {
        if (!endpoint.BaseUrl.IsAbsoluteUri || endpoint.BaseUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"Pyroscope URL must be absolute http or https; got '{PyroscopeEndpoint.Redact(endpoint.BaseUrl)}'", nameof(endpoint));
        }
        Check(endpoint.Timeout > TimeSpan.Zero, nameof(endpoint.Timeout), endpoint.Timeout, "> 0");
    }

    private static void Check<T>(bool ok, string name, T value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {rule}; got {value}");
        }
    }
}
