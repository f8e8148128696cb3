using System.IO.Compression;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Hotpath.Query.Health;
using Hotpath.Query.Routing;
using Hotpath.Query.Settings;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Routes;

public class AdhocFoldedRouteTests
{
    private static readonly Router Router = ResourceRoutes.Build(new HealthChecker(new HttpClient(), TimeProvider.System));
    private static readonly RequestContext Context = new(1, null, new HotpathInstance(HotpathSettings.Embedded("/tmp/unused")));

    private static Task<ResourceResponse> PostAsync(byte[] body, string query = "") =>
        Router.DispatchAsync(new ResourceRequest("POST", "adhoc/folded", ResourceRequest.ParseQuery(query),
            new Dictionary<string, IReadOnlyList<string>>(), body, Context), CancellationToken.None);

    private static string Text(ResourceResponse response) => Encoding.UTF8.GetString(response.Body.Span);

    private static string Message(ResourceResponse response) => JsonDocument.Parse(response.Body).RootElement.GetProperty("message").GetString()!;

    [Test]
    public async Task FoldedInput_IsMergedSortedAndZeroSumStacksDropped()
    {
        var input = "main;work;b 3\nmain;idle 0\nmain;work;a 5\nmain;work;b 4\n";

        var response = await PostAsync(Encoding.UTF8.GetBytes(input));

        response.Status.Should().Be(200);
        response.Headers["Content-Type"].Should().StartWith("text/plain");
        Text(response).Should().Be("main;work;a 5\nmain;work;b 7\n");
    }

    [Test]
    public async Task GzippedUtf16FoldedInput_IsRead()
    {
        var utf16 = new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes("root;é 2\n")).ToArray();

        var response = await PostAsync(Gzip(utf16));

        Text(response).Should().Be("root;é 2\n");
    }

    [Test]
    public async Task CorpusPprof_EverySampleTypeSumsToTheFileTotal()
    {
        var corpus = Environment.GetEnvironmentVariable("HOTPATH_CORPUS");
        if (string.IsNullOrEmpty(corpus) || !Directory.Exists(corpus))
        {
            Assert.Ignore("HOTPATH_CORPUS is not set to the corpus folder; corpus tests skipped");
        }
        const string file = "grafana-pyroscope/pkg/og/convert/pprof/testdata/heap.pb.gz";
        var truth = File.ReadLines(Path.Combine(corpus, "truth", "summary.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Single(e => e.GetProperty("file").GetString() == file);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(corpus, file));
        var types = truth.GetProperty("sample_types").EnumerateArray().Select(t => t.GetString()!.Split('/')[0]).ToList();
        var totals = truth.GetProperty("file_totals").EnumerateArray().Select(t => t.GetInt64()).ToList();

        for (var i = 0; i < types.Count; i++)
        {
            var response = await PostAsync(bytes, $"sampleType={types[i]}");

            response.Status.Should().Be(200, Text(response));
            var lines = Text(response).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Should().BeInAscendingOrder(StringComparer.Ordinal);
            lines.Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..])).Should().Be(totals[i], $"sample type {types[i]}");
        }
    }

    [Test]
    public async Task ShortFoldedLine_IsReadAsFoldedNotProtobuf()
    {
        var response = await PostAsync("main 5\n"u8.ToArray());

        response.Status.Should().Be(200, Text(response));
        Text(response).Should().Be("main 5\n");
    }

    [Test]
    public async Task EmptyBody_Is400()
    {
        var response = await PostAsync([]);

        response.Status.Should().Be(400);
        Message(response).Should().Contain("request body is empty");
    }

    [Test]
    public async Task GarbageProtobuf_Is400NamingTheBody()
    {
        var response = await PostAsync([0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02]);

        response.Status.Should().Be(400);
        Message(response).Should().StartWith("request body");
    }

    [Test]
    public async Task TruncatedGzip_Is400()
    {
        var gz = Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a;b;c 1\n", 1000))));

        var response = await PostAsync(gz[..(gz.Length / 2)]);

        response.Status.Should().Be(400);
        Message(response).Should().StartWith("request body");
    }

    [Test]
    public async Task DecompressionBomb_IsRefusedNotObeyed()
    {
        var bomb = Gzip(new byte[80 * 1024 * 1024]);

        var response = await PostAsync(bomb);

        response.Status.Should().Be(400);
        Message(response).Should().Contain("request body");
    }

    [Test]
    public async Task SampleTypeOnFoldedStacks_Is400()
    {
        var response = await PostAsync("main;handler 1\n"u8.ToArray(), "sampleType=cpu");

        response.Status.Should().Be(400);
        Message(response).Should().Contain("folded stacks have no sample types (asked for 'cpu')");
    }

    [Test]
    public async Task GetInsteadOfPost_Is405()
    {
        var response = await Router.DispatchAsync(new ResourceRequest("GET", "adhoc/folded", new Dictionary<string, string>(),
            new Dictionary<string, IReadOnlyList<string>>(), ReadOnlyMemory<byte>.Empty, Context), CancellationToken.None);

        response.Status.Should().Be(405);
        response.Headers["Allow"].Should().Be("POST");
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }
}
