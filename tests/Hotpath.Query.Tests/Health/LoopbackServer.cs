using System.Net;
using System.Net.Sockets;

namespace Hotpath.Query.Tests.Health;

/// <summary>A real HTTP server on 127.0.0.1 that answers with a handler the test supplies, and records what it received.</summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task> _handler;
    private readonly Task _loop;

    public LoopbackServer(Func<HttpListenerContext, Task> handler)
    {
        _handler = handler;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public List<(string Method, string Path, Dictionary<string, string> Headers, string Body)> Received { get; } = new();

    /// <summary>A loopback port nobody listens on, for connection-refused cases.</summary>
    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
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
                var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
                var body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
                lock (Received)
                {
                    Received.Add((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body));
                }
                try
                {
                    await _handler(context);
                    context.Response.Close();
                }
                catch (Exception)
                {
                    context.Response.Abort();
                }
            });
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
