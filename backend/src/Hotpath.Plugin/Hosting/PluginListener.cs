using System.Net;
using System.Net.Sockets;

namespace Hotpath.Plugin.Hosting;

/// <summary>
/// The plugin's listening socket on 127.0.0.1, port chosen by the system, bound before the host is
/// built so the handshake can name it at once: go-plugin dials as soon as it reads the line, the
/// kernel queues that connection in the listen backlog, and Kestrel (given this socket's handle)
/// accepts it when it has started. Building and starting the host is most of the start-up's CPU,
/// and none of it has to come before the handshake.
/// </summary>
public sealed class PluginListener : IDisposable
{
    /// <summary>Connections the kernel queues before Kestrel accepts (Grafana opens one).</summary>
    private const int Backlog = 512;

    private readonly Socket _socket;

    private PluginListener(Socket socket)
    {
        _socket = socket;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    /// <summary>The socket's file descriptor, for Kestrel's <c>ListenHandle</c>.</summary>
    public ulong Handle => (ulong)_socket.Handle;

    public static PluginListener Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Listen(Backlog);
            return new PluginListener(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Closes the socket; call it after the host has stopped (Kestrel listens on the same descriptor).</summary>
    public void Dispose() => _socket.Dispose();
}
