namespace Hotpath.Pyroscope.Client;

/// <summary>
/// Resilience bounds for one source. The per-attempt timeout is <see cref="PyroscopeEndpoint.Timeout"/>;
/// <see cref="TotalTimeout"/> bounds all attempts and waits together, so a caller never waits longer.
/// </summary>
public sealed record PyroscopeClientOptions
{
    public static PyroscopeClientOptions Default { get; } = new();

    /// <summary>Retries after the first attempt, for transient failures only.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First backoff delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A server's Retry-After longer than this is cut to it (the total timeout still applies).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The circuit opens when this share of the calls in <see cref="BreakerSamplingDuration"/> failed…</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    /// <summary>…and at least this many calls were made in it.</summary>
    public int BreakerMinimumThroughput { get; init; } = 10;

    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses calls before letting one through to test the source.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest answer accepted, to bound memory against a misbehaving server.</summary>
    public long MaxResponseBytes { get; init; } = 256L * 1024 * 1024;
}
