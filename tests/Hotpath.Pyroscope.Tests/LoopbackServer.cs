using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Hotpath.Pyroscope.Tests;

/// <summary>
/// A small misbehaving server on a free loopback port: each request goes to <c>respond</c> with its
/// 1-based attempt number, and every request's path and headers are recorded.
/// </summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, int, Task> _respond;
    private readonly CancellationTokenSource _stop = new();
    private int _attempts;

    public LoopbackServer(Func<HttpListenerContext, int, Task> respond)
    {
        _respond = respond;
        Url = new Uri($"http://127.0.0.1:{FreePort()}/");
        _listener.Prefixes.Add(Url.AbsoluteUri);
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public Uri Url { get; }

    public int Attempts => Volatile.Read(ref _attempts);

    public ConcurrentQueue<(string Path, WebHeaderCollection Headers)> Requests { get; } = new();

    /// <summary>A port that was free a moment ago and that nothing listens on.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public static async Task WriteAsync(HttpListenerContext context, int status, string contentType, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            var attempt = Interlocked.Increment(ref _attempts);
            Requests.Enqueue((context.Request.Url!.AbsolutePath, (WebHeaderCollection)context.Request.Headers));
            _ = Task.Run(async () =>
            {
                try
                {
                    await _respond(context, attempt);
                }
                catch (Exception)
                {
                    // The client may have given up and closed the connection; nothing to answer.
                }
            });
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }
}
