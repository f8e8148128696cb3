using FluentAssertions;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Selection;
using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Services;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Routes;

public class ServicesRouteTests
{
    [Test]
    public async Task Services_AreTheStoresServiceNamesWithTheirProfileTypes()
    {
        var demo = await SeededStore.SharedAsync();
        var range = ServicesCache.Round(SeededStore.Range);

        var answer = await RouteCall.GetAsync(demo.Instance(), "services", RouteCall.RangeQuery(SeededStore.Range));

        answer.Status.Should().Be(200);
        var services = answer.Json.GetProperty("services").EnumerateArray().ToList();
        var expectedNames = await demo.Store.LabelValuesAsync(ReservedLabels.ServiceName, "{}", range);
        services.Select(s => s.GetProperty("name").GetString()).Should().Equal(expectedNames);
        expectedNames.Should().BeEquivalentTo(demo.Summary.Services);
        foreach (var service in services)
        {
            var name = service.GetProperty("name").GetString()!;
            var expectedTypes = await demo.Store.LabelValuesAsync(ReservedLabels.ProfileType, $"{{service_name=\"{name}\"}}", range);
            service.GetProperty("profileTypes").EnumerateArray().Select(t => t.GetString()).Should().Equal(expectedTypes, $"the types of {name}");
        }
        var allTypes = await demo.Store.ProfileTypesAsync(range);
        answer.Json.GetProperty("profileTypes").EnumerateArray().Select(t => t.GetProperty("id").GetString())
            .Should().Equal(allTypes.Select(t => t.ToString()));
    }

    [Test]
    public async Task Services_ProfileTypesCarryTheirDescription()
    {
        var demo = await SeededStore.SharedAsync();

        var answer = await RouteCall.GetAsync(demo.Instance(), "services");

        var cpu = answer.Json.GetProperty("profileTypes").EnumerateArray()
            .Single(t => t.GetProperty("id").GetString() == "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        cpu.GetProperty("name").GetString().Should().Be("process_cpu");
        cpu.GetProperty("sampleType").GetString().Should().Be("cpu");
        cpu.GetProperty("category").GetString().Should().Be("CPU");
        cpu.GetProperty("unit").GetString().Should().Be("ns");
        cpu.GetProperty("aggregation").GetString().Should().Be("sum");
        var inuse = answer.Json.GetProperty("profileTypes").EnumerateArray()
            .Single(t => t.GetProperty("id").GetString() == "memory:inuse_space:bytes:space:bytes");
        inuse.GetProperty("aggregation").GetString().Should().Be("average");
        inuse.GetProperty("unit").GetString().Should().Be("bytes");
    }

    [Test]
    public async Task Services_DefaultRangeIsTheHourBeforeNow()
    {
        var demo = await SeededStore.SharedAsync();

        var byDefault = await RouteCall.GetAsync(demo.Instance(), "services");
        var explicitHour = await RouteCall.GetAsync(demo.Instance(), "services", RouteCall.RangeQuery(SeededStore.Range));

        byDefault.Text.Should().Be(explicitHour.Text);
    }

    [Test]
    public async Task Services_AreCachedPerRoundedRange_EmptyAnswersAreNot_AndEntriesExpire()
    {
        await using var store = await SmallStore.CreateAsync();
        var clock = new FixedClock(SeededStore.Now);
        var instance = new HotpathInstance(HotpathSettings.Embedded(store.Folder), new EmbeddedStore(store.Store), clock);
        var t0 = SeededStore.Now.ToUnixTimeMilliseconds();
        var range = $"from={t0 - 60_000}&to={t0 + 1_000}";

        // Nothing stored yet: the empty answer must not be cached.
        (await Names(instance, range)).Should().BeEmpty();
        await store.PushAsync("alpha", t0 - 30_000);
        (await Names(instance, range)).Should().Equal("alpha");

        // Same rounded range (to rounds up to t0 + 10 s): the cached answer, even though a service arrived.
        await store.PushAsync("beta", t0 - 20_000);
        (await Names(instance, $"from={t0 - 60_000}&to={t0 + 9_999}")).Should().Equal("alpha");
        instance.ServicesCache.Count.Should().Be(1);

        // Another rounded range is another entry; past the lifetime the first is loaded again.
        (await Names(instance, $"from={t0 - 60_000}&to={t0 + 10_001}")).Should().Equal("alpha", "beta");
        clock.Advance(instance.ServicesCache.Lifetime);
        (await Names(instance, range)).Should().Equal("alpha", "beta");
    }

    [Test]
    public async Task ServicesCache_KeepsAtMostItsCapacity_EvictingTheLeastRecentlyUsed()
    {
        var cache = new ServicesCache(new FixedClock(SeededStore.Now), capacity: 2);
        var loads = 0;
        Task<ServiceList> Load(TimeRange r)
        {
            loads++;
            return Task.FromResult(new ServiceList([], [new ServiceEntry($"s{r.StartMs}", [])]));
        }

        await cache.GetOrLoadAsync("a", new TimeRange(10_000, 20_000), Load);
        await cache.GetOrLoadAsync("a", new TimeRange(30_000, 40_000), Load);
        await cache.GetOrLoadAsync("a", new TimeRange(10_000, 20_000), Load); // hit, now most recent
        await cache.GetOrLoadAsync("b", new TimeRange(10_000, 20_000), Load); // evicts a/30000
        loads.Should().Be(3);
        cache.Count.Should().Be(2);

        await cache.GetOrLoadAsync("a", new TimeRange(10_005, 19_999), Load); // same rounded key: hit
        loads.Should().Be(3);
        await cache.GetOrLoadAsync("a", new TimeRange(30_000, 40_000), Load); // was evicted
        loads.Should().Be(4);
        cache.Count.Should().Be(2);
    }

    [Test]
    public void ProfileTypeInfo_DescribesExploreProfilesTwentyTypes_AndUnknownOnesGenerically()
    {
        ProfileTypeInfo.KnownIds.Should().HaveCount(20);
        foreach (var id in ProfileTypeInfo.KnownIds)
        {
            ProfileTypeId.TryParse(id, out var parsed).Should().BeTrue(id);
            var view = ProfileTypeInfo.Describe(parsed);
            view.Id.Should().Be(id);
            view.Category.Should().NotBe("Other", id);
            view.Label.Should().NotContain("/", id);
            view.Unit.Should().Be(parsed.SampleUnit switch { "nanoseconds" => "ns", "bytes" => "bytes", _ => "short" }, id);
        }
        var goroutines = ProfileTypeInfo.Describe("goroutine:goroutine:count:goroutine:count");
        goroutines.Category.Should().Be("Goroutines");
        goroutines.Aggregation.Should().Be("average");
        goroutines.Unit.Should().Be("short");
        var delay = ProfileTypeInfo.Describe("block:delay:nanoseconds:contentions:count");
        delay.Category.Should().Be("Block");
        delay.Unit.Should().Be("ns");
        delay.Aggregation.Should().Be("sum");

        var unknown = ProfileTypeInfo.Describe("fancy:frobs:count:frob:count");
        unknown.Category.Should().Be("Other");
        unknown.Label.Should().Be("fancy / frobs");
        unknown.Unit.Should().Be("short");
        unknown.Aggregation.Should().Be("sum");
        ProfileTypeInfo.Describe("wall:wall:nanoseconds:wall:nanoseconds").Category.Should().Be("CPU");
    }

    private static async Task<List<string?>> Names(HotpathInstance instance, string query)
    {
        var answer = await RouteCall.GetAsync(instance, "services", query);
        answer.Status.Should().Be(200, answer.Text);
        return [.. answer.Json.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("name").GetString())];
    }
}
