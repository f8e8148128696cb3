using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hotpath.Query.Tests;

/// <summary>One scripted answer: a status, a content type, a body, optionally late and with headers.</summary>
public sealed record Reply(int Status, string ContentType, byte[] Body)
{
    public TimeSpan Delay { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static Reply ConnectError(int status, string code, string message) =>
        new(status, "application/json", Encoding.UTF8.GetBytes($$"""{"code":"{{code}}","message":"{{message}}"}"""));

    /// <summary>A bare 404, as a server that does not route the path answers.</summary>
    public static Reply NotFound() => new(404, "text/plain", Encoding.UTF8.GetBytes("404 page not found\n"));

    public static Reply Proto(byte[] body) => new(200, "application/proto", body);
}

/// <summary>
/// A Pyroscope-shaped server on a free loopback port: each querier call goes to the script with its
/// RPC name and that RPC's 1-based attempt number; a null reply forwards the call unchanged to
/// <c>upstream</c> (a real serve), so tests can break one RPC of an otherwise real server.
/// </summary>
internal sealed class ScriptedPyroscope : IDisposable
{
    private const string Prefix = "/querier.v1.QuerierService/";
    private readonly HttpListener _listener = new();
    private readonly Func<string, int, Reply?> _script;
    private readonly Uri? _upstream;
    private readonly HttpClient _forward = new();
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public ScriptedPyroscope(Uri? upstream, Func<string, int, Reply?> script)
    {
        _upstream = upstream;
        _script = script;
        Url = new Uri($"http://127.0.0.1:{FreePort()}/");
        _listener.Prefixes.Add(Url.AbsoluteUri);
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public Uri Url { get; }

    public ConcurrentQueue<(string Rpc, WebHeaderCollection Headers)> Requests { get; } = new();

    public int CallsTo(string rpc) => _calls.GetValueOrDefault(rpc);

    /// <summary>A loopback port that was free a moment ago and that nothing listens on.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptAsync()
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
            _ = Task.Run(async () =>
            {
                try
                {
                    await AnswerAsync(context);
                }
                catch (Exception)
                {
                    // The client gave up and closed the connection: nothing left to answer.
                }
            });
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        var rpc = path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..] : path;
        var attempt = _calls.AddOrUpdate(rpc, 1, (_, n) => n + 1);
        Requests.Enqueue((rpc, (WebHeaderCollection)context.Request.Headers));
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var reply = _script(rpc, attempt) ?? await ForwardAsync(path, context.Request.ContentType, body.ToArray());
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay);
        }
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = reply.ContentType;
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }
        context.Response.ContentLength64 = reply.Body.Length;
        await context.Response.OutputStream.WriteAsync(reply.Body);
        context.Response.Close();
    }

    private async Task<Reply> ForwardAsync(string path, string? contentType, byte[] body)
    {
        if (_upstream is null)
        {
            return Reply.ConnectError(500, "internal", "the script has no answer and there is no upstream");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_upstream, path.TrimStart('/'))) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType ?? "application/proto");
        request.Headers.TryAddWithoutValidation("Accept", "application/proto; allow-utf8-labelnames=true");
        using var response = await _forward.SendAsync(request);
        return new Reply((int)response.StatusCode, response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream", await response.Content.ReadAsByteArrayAsync());
    }

    public void Dispose()
    {
        _listener.Close();
        _forward.Dispose();
    }
}
