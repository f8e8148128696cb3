using System.Net;
using Hotpath.Plugin.Metrics;
using Hotpath.Plugin.Resources;
using Hotpath.Query;
using Hotpath.Query.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Hosting;

/// <summary>What both hosts share: time, metrics, the outbound HTTP client, health checks and the resource routes.</summary>
public static class CoreServices
{
    public static IServiceCollection AddHotpathCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PluginMetrics>();
        services.AddSingleton(_ => new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.GZip,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        });
        services.AddSingleton<HealthChecker>();
        services.AddSingleton(sp => ResourceRoutes.Build(sp.GetRequiredService<HealthChecker>()));
        services.AddSingleton<ResourceDispatcher>();
        return services;
    }

    /// <summary>Framework chatter stays out of Grafana's log unless something is wrong.</summary>
    public static ILoggingBuilder AddHotpathLogging(this ILoggingBuilder logging, Logging.JsonStderrLoggerProvider provider)
    {
        logging.ClearProviders();
        logging.AddProvider(provider);
        logging.SetMinimumLevel(provider.Minimum);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        // Grpc.AspNetCore logs every unknown method (Grafana probes GRPCBroker on each connect) at information.
        logging.AddFilter("Grpc", LogLevel.Warning);
        logging.AddFilter("System.Net.Http", LogLevel.Warning);
        return logging;
    }
}
