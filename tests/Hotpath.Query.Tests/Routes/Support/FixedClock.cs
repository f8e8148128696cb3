namespace Hotpath.Query.Tests.Routes.Support;

/// <summary>A clock that stays where the test puts it (timers still run on real time).</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
