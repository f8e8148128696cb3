using FluentAssertions;
using Hotpath.Query.Concurrency;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Concurrency;

public class FanOutTests
{
    [Test]
    public async Task MapAsync_KeepsOrder_AndNeverRunsMoreThanTheBound()
    {
        var inFlight = 0;
        var most = 0;
        var items = Enumerable.Range(0, 60).ToList();

        var results = await FanOut.MapAsync(items, 5, async (i, token) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Delay(5, token);
            Interlocked.Decrement(ref inFlight);
            return i * 2;
        }, CancellationToken.None);

        results.Should().Equal(items.Select(i => i * 2));
        most.Should().BeLessThanOrEqualTo(5).And.BeGreaterThan(1);
    }

    [Test]
    public async Task MapAsync_FirstFailure_IsRethrown_AndStopsStartingCalls()
    {
        var started = 0;

        var act = () => FanOut.MapAsync(Enumerable.Range(0, 1000).ToList(), 2, async (i, token) =>
        {
            Interlocked.Increment(ref started);
            await Task.Yield();
            if (i == 3)
            {
                throw new InvalidOperationException("call 3 failed");
            }
            await Task.Delay(1, token);
            return i;
        }, CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("call 3 failed");
        started.Should().BeLessThan(1000);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
