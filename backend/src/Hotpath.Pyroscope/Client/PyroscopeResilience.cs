using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Hotpath.Pyroscope.Client;

/// <summary>
/// The pipeline every call to one source runs under, outermost first: a total time bound, retries
/// with jittered exponential backoff (or the server's Retry-After) on transient failures, and a
/// circuit breaker that counts every attempt. All querier RPCs are reads, so all may be retried.
/// </summary>
internal static class PyroscopeResilience
{
    public static ResiliencePipeline Build(PyroscopeClientOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.TotalTimeout });
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldHandle = new PredicateBuilder().Handle<PyroscopeException>(e => e.Transient),
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Exception is PyroscopeException { RetryAfter: { } after }
                        ? after < options.MaxRetryAfter ? after : options.MaxRetryAfter
                        : null),
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakDuration,
            // A refused request (4xx) or a missing RPC says nothing about the source's health.
            ShouldHandle = new PredicateBuilder().Handle<PyroscopeException>(e => e.IsDownstream && e.HttpStatus != 501),
        });
        return builder.Build();
    }
}
