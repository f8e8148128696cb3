using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using Hotpath.Engine.Tests.Support;
using Hotpath.Query.Ingest;

namespace Hotpath.Plugin.Tests.Pyroscope;

/// <summary>A clock stopped at one instant, so ingestion-window rules are testable.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public static FixedClock At(long unixNanos) => new(DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100));
}

/// <summary>Fresh profiles from Go's runtime/pprof (tests/reference/goprofiler), made once per run.</summary>
internal static class GoProfiles
{
    private static readonly Lazy<string> Directory = new(Generate, LazyThreadSafetyMode.ExecutionAndPublication);

    public static byte[] Cpu => File.ReadAllBytes(Path.Combine(Directory.Value, "cpu.pb.gz"));

    public static byte[] Heap => File.ReadAllBytes(Path.Combine(Directory.Value, "heap.pb.gz"));

    public static byte[] Gunzip(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(raw);
        }
        return output.ToArray();
    }

    private static string Generate()
    {
        GoReference.RequireGo();
        var dir = GoReference.TempDirectory("pyroscope-ingest-go-profiles");
        var source = Path.Combine(GoReference.RepositoryRoot(), "tests", "reference", "goprofiler");
        var binary = Path.Combine(dir, "goprofiler");
        var (exit, _, stderr) = GoReference.Go(source, "build", "-o", binary, ".");
        exit.Should().Be(0, System.Text.Encoding.UTF8.GetString(stderr));
        (exit, _, stderr) = GoReference.Run(binary, [dir], dir);
        exit.Should().Be(0, System.Text.Encoding.UTF8.GetString(stderr));
        return dir;
    }
}

internal static class Intake
{
    public static ProfileIntake Default(TimeProvider? clock = null, IngestLimits? limits = null) =>
        new(limits ?? IngestLimits.Default, clock ?? TimeProvider.System);
}

/// <summary>One request a real client sent to <see cref="CaptureServer"/>.</summary>
internal sealed record CapturedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? ContentType, string? ContentEncoding, byte[] Body);

/// <summary>
/// A loopback HTTP server that records every request and answers 200, standing in for Pyroscope so
/// a real agent's requests can be fed to the parsers exactly as sent.
/// </summary>
internal sealed class CaptureServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<CapturedRequest> _requests = [];
    private readonly Task _loop;

    public CaptureServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Address = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Address + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Address { get; }

    public IReadOnlyList<CapturedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            // Parsed as the ASP.NET Core host parses query strings, first value of each name.
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(context.Request.Url!.Query)
                .ToDictionary(p => p.Key, p => p.Value[0] ?? "");
            lock (_requests)
            {
                _requests.Add(new CapturedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, query,
                    context.Request.ContentType, context.Request.Headers["Content-Encoding"], body.ToArray()));
            }
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
