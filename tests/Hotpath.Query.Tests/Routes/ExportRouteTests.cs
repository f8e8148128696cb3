using System.Text;
using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Stacks;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;
using static Hotpath.Query.Tests.Routes.Support.RouteCalls;

namespace Hotpath.Query.Tests.Routes;

public class ExportRouteTests : DemoStoreRoutes
{
    private const string Cart = "{service_name=\"cart\"}";

    private static string Query(string format, string type = DemoStore.AllocSpace, string selector = Cart) =>
        $"format={format}&profileType={Q(type)}&selector={Q(selector)}&from={LastHour.StartMs}&to={LastHour.EndMs}";

    private async Task<string[]> ExpectedFoldedAsync(string type = DemoStore.AllocSpace) =>
        FoldedFormat.Lines(await Demo.Store.MergeStacksAsync(type, Cart, LastHour));

    [Test]
    public async Task Pprof_DecodesToTheMergedStacks()
    {
        var expected = await ExpectedFoldedAsync();
        expected.Should().NotBeEmpty();

        var response = await GetAsync(Demo.Instance, "export", Query("pprof"));

        response.Status.Should().Be(200);
        response.Headers["Content-Type"].Should().Be("application/octet-stream");
        response.Headers["Content-Disposition"].Should().Be($"attachment; filename=\"cart_memory-alloc_space_{LastHour.StartMs}_{LastHour.EndMs}.pb.gz\"");
        response.Body.Span[..2].ToArray().Should().Equal(new byte[] { 0x1f, 0x8b }, "the file is gzipped");
        var profile = PprofReader.Read(response.Body, "export");
        profile.SampleTypes.Should().HaveCount(1);
        profile.SampleTypeName(0).Should().Be("alloc_space");
        var merger = new ProfileMerger(new NameTable());
        merger.Add(profile, 0, "export");
        FoldedFormat.Lines(merger.Stacks).Should().Equal(expected);
    }

    [Test]
    public async Task Folded_IsTheMergedStacksAsText()
    {
        var expected = await ExpectedFoldedAsync(DemoStore.GoCpu);

        var response = await GetAsync(Demo.Instance, "export", Query("folded", DemoStore.GoCpu));

        response.Status.Should().Be(200);
        response.Headers["Content-Type"].Should().StartWith("text/plain");
        response.Headers["Content-Disposition"].Should().EndWith(".folded.txt\"");
        Text(response).Should().Be(string.Concat(expected.Select(l => l + "\n")));
    }

    [Test]
    public async Task Flamebearer_IsPyroscopesRenderJson()
    {
        var stacks = await Demo.Store.MergeStacksAsync(DemoStore.GoCpu, Cart, LastHour);
        var total = 0L;
        foreach (var v in stacks.Values)
        {
            total += v;
        }

        var response = await GetAsync(Demo.Instance, "export", Query("flamebearer", DemoStore.GoCpu) + "&maxNodes=16");

        response.Status.Should().Be(200);
        response.Headers["Content-Disposition"].Should().EndWith(".json\"");
        var json = Json(response);
        json.GetProperty("version").GetInt32().Should().Be(1);
        var fb = json.GetProperty("flamebearer");
        fb.GetProperty("numTicks").GetInt64().Should().Be(total);
        fb.GetProperty("names")[0].GetString().Should().Be("total");
        var levels = fb.GetProperty("levels");
        levels[0].EnumerateArray().Select(v => v.GetInt64()).Should().Equal(0, total, 0, 0);
        json.GetProperty("metadata").GetProperty("units").GetString().Should().Be("samples");
        json.GetProperty("metadata").GetProperty("sampleRate").GetInt64().Should().Be(1_000_000_000);
        json.GetProperty("metadata").GetProperty("name").GetString().Should().Be("cpu");
    }

    [Test]
    public async Task NoServiceInTheSelector_NamesTheFileAll()
    {
        var response = await GetAsync(Demo.Instance, "export", Query("folded", DemoStore.GoCpu, "{region=\"eu-west-1\"}"));

        response.Headers["Content-Disposition"].Should().StartWith("attachment; filename=\"all_process_cpu-cpu_");
    }

    [TestCase("format=svg", "parameter 'format': must be one of pprof, folded, flamebearer, not 'svg'")]
    [TestCase("format=PPROF", "parameter 'format'")]
    [TestCase("format=flamebearer&maxNodes=0", "parameter 'maxNodes'")]
    public async Task BadFormatOrLimits_Are400(string bad, string message)
    {
        var response = await GetAsync(Demo.Instance, "export", $"profileType={Q(DemoStore.GoCpu)}&{bad}");

        response.Status.Should().Be(400);
        Message(response).Should().Contain(message);
    }

    [Test]
    public void FileName_KeepsOnlySafeCharacters()
    {
        Hotpath.Engine.ProfileTypes.ProfileTypeId.TryParse("memory:alloc space:bytes::", out var id);

        var name = Hotpath.Query.Routes.ExportRoute.FileName("{service_name=\"../evil\\\"name\"}", id, 1, 2);

        name.Should().Be("_evil_name_memory-alloc_space_1_2");
        Encoding.ASCII.GetString(Encoding.ASCII.GetBytes(name)).Should().Be(name);
    }
}
