using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Hotpath.Plugin.Metrics;
using Hotpath.Plugin.Protocol.PluginV2;
using Hotpath.Query;
using Hotpath.Query.Health;
using Hotpath.Query.Settings;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Grafana;

/// <summary>
/// <c>pluginv2.Diagnostics</c>. CheckHealth runs the real checks of every configured source and
/// answers ERROR naming each one that failed; jsonDetails is the full report as a JSON object.
/// CollectMetrics answers the process's Prometheus text.
/// </summary>
public sealed partial class DiagnosticsService(InstanceManager instances, HealthChecker health, PluginMetrics metrics, ILogger<DiagnosticsService> log)
    : Diagnostics.DiagnosticsBase
{
    public override async Task<CheckHealthResponse> CheckHealth(CheckHealthRequest request, ServerCallContext context)
    {
        InstanceUse use;
        try
        {
            use = instances.Use(request.PluginContext ?? new PluginContext());
        }
        catch (SettingsException e)
        {
            LogHealthFailed(log, $"invalid app settings: {e.Message}");
            return new CheckHealthResponse
            {
                Status = CheckHealthResponse.Types.HealthStatus.Error,
                Message = $"invalid app settings: {e.Message}",
                JsonDetails = ByteString.CopyFromUtf8("{}"),
            };
        }
        HealthReport report;
        using (use)
        {
            report = await health.CheckAsync(use.Instance, context.CancellationToken).ConfigureAwait(false);
        }
        if (!report.IsOk)
        {
            LogHealthFailed(log, report.Message);
        }
        return new CheckHealthResponse
        {
            Status = report.IsOk ? CheckHealthResponse.Types.HealthStatus.Ok : CheckHealthResponse.Types.HealthStatus.Error,
            Message = report.Message,
            JsonDetails = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(report, QueryJson.Wire.HealthReport)),
        };
    }

    public override Task<CollectMetricsResponse> CollectMetrics(CollectMetricsRequest request, ServerCallContext context) =>
        Task.FromResult(new CollectMetricsResponse
        {
            Metrics = new CollectMetricsResponse.Types.Payload { Prometheus = ByteString.CopyFromUtf8(metrics.Render()) },
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "health check failed: {Problem}")]
    private static partial void LogHealthFailed(ILogger logger, string problem);
}
