using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Hosting;

/// <summary>
/// Signal handling as Grafana's plugins do it: SIGINT is ignored (a Ctrl-C in Grafana's terminal
/// reaches the whole process group, and Grafana stops its plugins itself through
/// GRPCController/Shutdown); SIGTERM stops the host gracefully.
/// </summary>
public sealed partial class PluginLifetime(IHostApplicationLifetime lifetime, ILogger<PluginLifetime> log) : IHostLifetime, IDisposable
{
    private PosixSignalRegistration? _interrupt;
    private PosixSignalRegistration? _terminate;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            LogInterruptIgnored(log);
        });
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            lifetime.StopApplication();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _interrupt?.Dispose();
        _terminate?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "plugin received interrupt signal, ignoring")]
    private static partial void LogInterruptIgnored(ILogger logger);
}
