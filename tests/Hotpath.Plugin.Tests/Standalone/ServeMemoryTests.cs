using System.Globalization;
using System.IO.Compression;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Hotpath.Plugin.Tests.Pyroscope.Serve;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Standalone;

/// <summary>
/// Bounded memory on the built <c>serve</c>: gzip bombs and huge chunked uploads, sent concurrently
/// over raw sockets, are all refused — 413 over a route's limit, 429 with Retry-After over the
/// in-flight budget — while the process's peak RSS (VmHWM from /proc) stays under 1 GB, and the
/// server then accepts an ordinary push.
/// </summary>
[NonParallelizable]
public sealed class ServeMemoryTests
{
    private const long OneGb = 1_000_000_000;

    /// <summary>One gzip body of about 1 MB that inflates to 1 GiB of zeros.</summary>
    private static readonly Lazy<byte[]> Bomb = new(() =>
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 1024; i++)
            {
                gzip.Write(zeros);
            }
        }
        return output.ToArray();
    });

    [Test]
    public async Task Bombs_and_huge_chunked_bodies_are_refused_and_rss_stays_under_1GB()
    {
        var data = ServeProcess.NewDataPath();
        await using var server = await ServeProcess.StartAsync(data);
        try
        {
            var bomb = Bomb.Value;
            bomb.Length.Should().BeInRange(900_000, 1_200_000, "a 1 MB gzip bomb");
            var pushes = Enumerable.Range(0, 8).Select(_ => RawHttp.SendAsync(server.Url, "/push.v1.PusherService/Push",
                ["Content-Type: application/proto", "Content-Encoding: gzip", $"Content-Length: {bomb.Length}"],
                async (stream, ct) => await stream.WriteAsync(bomb, ct))).ToList();
            var uploads = Enumerable.Range(0, 12).Select(_ => RawHttp.SendAsync(server.Url, "/ingest?name=huge&format=pprof",
                ["Content-Type: application/octet-stream", "Transfer-Encoding: chunked"], (stream, ct) => RawHttp.WriteChunkedAsync(stream, 250L << 20, ct))).ToList();

            var pushAnswers = await Task.WhenAll(pushes);
            var uploadAnswers = await Task.WhenAll(uploads);

            foreach (var answer in pushAnswers)
            {
                answer.Status.Should().BeOneOf([413, 429], answer.Body);
                Code(answer.Body).Should().Be("resource_exhausted");
                if (answer.Status == 413)
                {
                    Message(answer.Body).Should().Be("request body too large: limit 268435456 bytes");
                }
                else
                {
                    answer.Headers.Should().Contain("retry-after: 1");
                }
            }
            foreach (var answer in uploadAnswers)
            {
                // Over the budget: 429; a body that fit the budget whole is read and refused as a
                // profile (422: 250 MB is over the 4 MiB profile limit); none is stored.
                answer.Status.Should().BeOneOf([422, 429], answer.Body);
                if (answer.Status == 429)
                {
                    answer.Headers.Should().Contain("retry-after: 1");
                    Message(answer.Body).Should().StartWith("too many request bytes in flight");
                }
            }
            uploadAnswers.Should().Contain(a => a.Status == 429, "twelve 250 MB bodies do not fit a 320 MiB budget at once");

            var peak = PeakRss(server.Id);
            TestContext.Out.WriteLine($"peak RSS of serve: {peak / (1 << 20)} MiB; push answers {string.Join(",", pushAnswers.Select(a => a.Status))}; "
                                      + $"ingest answers {string.Join(",", uploadAnswers.Select(a => a.Status))}");
            peak.Should().BeLessThan(OneGb, "request bodies are bounded by their limits and the in-flight budget");

            // The budget is whole again: an ordinary upload is stored.
            var ok = await RawHttp.SendAsync(server.Url, "/ingest?name=after", ["Content-Type: text/plain", "Content-Length: 9"],
                async (stream, ct) => await stream.WriteAsync("main;a 1\n"u8.ToArray(), ct));
            ok.Status.Should().Be(200, ok.Body);
        }
        finally
        {
            await server.StopAsync();
            ServeProcess.DeleteData(data);
        }
    }

    [Test]
    public async Task Too_large_is_one_status_and_message_on_every_route()
    {
        var data = ServeProcess.NewDataPath();
        await using var server = await ServeProcess.StartAsync(data, "--max-inflight-bytes", "1GiB");
        try
        {
            // Bodies announced over the limit are refused before a byte of them is read.
            var ingest = await RawHttp.SendAsync(server.Url, "/ingest?name=app", ["Content-Length: 300000000"], (_, _) => Task.CompletedTask);
            var push = await RawHttp.SendAsync(server.Url, "/push.v1.PusherService/Push", ["Content-Type: application/proto", "Content-Length: 300000000"], (_, _) => Task.CompletedTask);
            var query = await RawHttp.SendAsync(server.Url, "/querier.v1.QuerierService/LabelNames", ["Content-Type: application/json", "Content-Length: 300000000"], (_, _) => Task.CompletedTask);
            var resource = await RawHttp.SendAsync(server.Url, "/api/plugins/hotpath-profiles-app/resources/favorites",
                ["Content-Type: application/json", "Content-Length: 70000000"], (_, _) => Task.CompletedTask);

            foreach (var answer in new[] { ingest, push, query })
            {
                answer.Status.Should().Be(413, answer.Body);
                Code(answer.Body).Should().Be("resource_exhausted");
                Message(answer.Body).Should().Be("request body too large: limit 268435456 bytes");
            }
            resource.Status.Should().Be(413, resource.Body);
            using var body = JsonDocument.Parse(resource.Body);
            body.RootElement.GetProperty("kind").GetString().Should().Be("payload_too_large");
            body.RootElement.GetProperty("message").GetString().Should().Be("request body too large: limit 67108864 bytes");

            // A gzip Push that inflates past the limit, streamed: the same answer.
            var bomb = await RawHttp.SendAsync(server.Url, "/push.v1.PusherService/Push",
                ["Content-Type: application/proto", "Content-Encoding: gzip", $"Content-Length: {Bomb.Value.Length}"],
                async (stream, ct) => await stream.WriteAsync(Bomb.Value, ct));
            bomb.Status.Should().Be(413, bomb.Body);
            Message(bomb.Body).Should().Be("request body too large: limit 268435456 bytes");

            // Corrupt gzip is a bad request, not a fault.
            var corrupt = await RawHttp.SendAsync(server.Url, "/push.v1.PusherService/Push",
                ["Content-Type: application/proto", "Content-Encoding: gzip", "Content-Length: 20"],
                async (stream, ct) => await stream.WriteAsync(new byte[] { 0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, ct));
            corrupt.Status.Should().Be(400, corrupt.Body);
            Code(corrupt.Body).Should().Be("invalid_argument");
        }
        finally
        {
            await server.StopAsync();
            ServeProcess.DeleteData(data);
        }
    }

    [Test]
    public void A_bad_budget_option_is_a_usage_error()
    {
        var act = () => Hotpath.Plugin.Cli.ServeCommand.Parse(["--max-inflight-bytes", "12"]);
        act.Should().Throw<ArgumentException>().WithMessage("*--max-inflight-bytes '12' is not a size of at least 1 MiB*");
    }

    private static string Code(string body) => JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()!;

    private static string Message(string body) => JsonDocument.Parse(body).RootElement.GetProperty("message").GetString()!;

    /// <summary>The process's peak resident set (VmHWM), in bytes.</summary>
    private static long PeakRss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}

/// <summary>
/// HTTP/1.1 over a raw socket: the body is written while the answer is read, and writing stops as soon
/// as the answer arrives — as a client that a server refuses mid-upload sees it (HttpClient may report
/// the reset of the unread upload instead of the answer).
/// </summary>
internal static class RawHttp
{
    public sealed record Answer(int Status, string Headers, string Body);

    public static async Task<Answer> SendAsync(Uri server, string pathAndQuery, string[] headers, Func<Stream, CancellationToken, Task> writeBody)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        var head = $"POST {pathAndQuery} HTTP/1.1\r\nHost: {server.Authority}\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var answered = new CancellationTokenSource();
        var writing = Task.Run(async () =>
        {
            try
            {
                await writeBody(stream, answered.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // Refused mid-upload: the server closed; the answer is what counts.
            }
        });
        var answer = await ReadAnswerAsync(stream);
        await answered.CancelAsync();
        await writing;
        return answer;
    }

    /// <summary>Writes <paramref name="total"/> bytes of 0xFF in 64 KiB chunks of chunked encoding.</summary>
    public static async Task WriteChunkedAsync(Stream stream, long total, CancellationToken cancellationToken)
    {
        var chunk = Enumerable.Repeat((byte)0xFF, 64 * 1024).ToArray();
        var framed = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n").Concat(chunk).Concat("\r\n"u8.ToArray()).ToArray();
        for (long sent = 0; sent < total; sent += chunk.Length)
        {
            await stream.WriteAsync(framed, cancellationToken);
        }
        await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken);
    }

    private static async Task<Answer> ReadAnswerAsync(Stream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int headerEnd;
        while ((headerEnd = IndexOf(received, "\r\n\r\n"u8)) < 0)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException($"connection closed before the answer's headers: '{Encoding.ASCII.GetString(received.ToArray())}'");
            }
            received.Write(buffer, 0, read);
        }
        var headText = Encoding.ASCII.GetString(received.GetBuffer(), 0, headerEnd);
        var status = int.Parse(headText.Split(' ')[1], CultureInfo.InvariantCulture);
        var lines = headText.Split("\r\n").Skip(1).Select(l => l.ToLowerInvariant()).ToList();
        var chunked = lines.Contains("transfer-encoding: chunked");
        var length = chunked ? int.MaxValue : lines.Where(l => l.StartsWith("content-length:", StringComparison.Ordinal))
            .Select(l => int.Parse(l["content-length:".Length..].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
        while (received.Length < (long)headerEnd + 4 + length)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }
            received.Write(buffer, 0, read);
        }
        var body = Encoding.UTF8.GetString(received.GetBuffer(), headerEnd + 4, (int)Math.Min(length, received.Length - headerEnd - 4));
        return new Answer(status, string.Join("\n", lines), chunked ? Dechunk(body) : body);
    }

    /// <summary>The content of a chunked body read to the end of the connection (refusals close it).</summary>
    private static string Dechunk(string framed)
    {
        var content = new StringBuilder();
        var at = 0;
        while (framed.IndexOf("\r\n", at, StringComparison.Ordinal) is var end and > 0)
        {
            var size = Convert.ToInt32(framed[at..end], 16);
            if (size == 0)
            {
                break;
            }
            content.Append(framed, end + 2, size);
            at = end + 2 + size + 2;
        }
        return content.ToString();
    }

    private static int IndexOf(MemoryStream stream, ReadOnlySpan<byte> pattern) =>
        stream.GetBuffer().AsSpan(0, (int)stream.Length).IndexOf(pattern);
}
