using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hotpath.Engine.Errors;
using Hotpath.Plugin.Hosting;
using Hotpath.Plugin.Logging;
using Hotpath.Plugin.Metrics;
using Hotpath.Plugin.Pyroscope.Endpoints;
using Hotpath.Plugin.Resources;
using Hotpath.Query;
using Hotpath.Query.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Standalone;

/// <summary>
/// <c>gpx_hotpath serve</c>: the same resource routes as inside Grafana, at the same paths
/// (<c>/api/plugins/hotpath-profiles-app/resources/&lt;route&gt;</c>), the frontend's standalone
/// page at <c>/</c>, <c>/ready</c> and <c>/metrics</c>, and Pyroscope's ingest and query APIs on
/// the embedded store (<see cref="PyroscopeRoutes"/>). Loopback by default; SIGTERM and Ctrl-C stop
/// it gracefully.
/// </summary>
public static partial class StandaloneServer
{
    public const string ResourcePrefix = "/api/plugins/hotpath-profiles-app/resources";

    /// <summary>Largest request body a resource route accepts.</summary>
    public const long MaxResourceBodyBytes = 64L * 1024 * 1024;

    public static async Task<int> RunAsync(ServeOptions options, JsonStderrLoggerProvider logProvider, TextWriter stdout, TextWriter stderr)
    {
        var settings = StandaloneSettings.Load(options);
        ServeCredentials? credentials = null;
        X509Certificate2? certificate = null;
        try
        {
            credentials = options.HasCredentials ? ServeCredentials.Load(options.AuthTokenFile, options.BasicAuthFile) : null;
            certificate = options.TlsCertFile is null ? null : LoadCertificate(options.TlsCertFile, options.TlsKeyFile!);
        }
        catch (FormatException e)
        {
            await stderr.WriteLineAsync($"gpx_hotpath serve: {e.Message}").ConfigureAwait(false);
            return Cli.CommandLine.BadInput;
        }
        var guard = new SiteGuard(options.AllowedHosts, options.CorsOrigins);
        var budget = new InFlightBudget(options.MaxInFlightBytes);
        var store = await StandaloneStore.OpenAsync(settings.StorePath, options, stderr).ConfigureAwait(false);
        if (store is null)
        {
            return Cli.CommandLine.BadInput;
        }
        await using var storeLifetime = store.ConfigureAwait(false);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.AddHotpathLogging(logProvider);
        builder.Services.AddHotpathCore();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Every route reads its body through RequestBodies, which enforces the route's own limit.
            kestrel.Limits.MaxRequestBodySize = MaxResourceBodyBytes;
            kestrel.Listen(options.Listen, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hotpath.Standalone");
        LogStoreOpened(log, settings.StorePath, store.OpenReport);
        var time = app.Services.GetRequiredService<TimeProvider>();
        var instance = store.Instance(settings, time, app.Services.GetRequiredService<HttpClient>());
        var pyroscope = new PyroscopeRoutes(store.Source, store.Ingest, options.IngestLimits, time, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hotpath.Pyroscope"));
        var dispatcher = app.Services.GetRequiredService<ResourceDispatcher>();
        var metrics = app.Services.GetRequiredService<PluginMetrics>();
        var webRoot = options.WebRoot ?? Path.Combine(AppContext.BaseDirectory, "standalone");
        if (!IPAddress.IsLoopback(options.Listen.Address) && credentials is null)
        {
            LogUnauthenticated(log, options.Listen.ToString());
        }
        if (options.Demo)
        {
            await store.SeedDemoAsync(time, log).ConfigureAwait(false);
        }

        // First, before any route reads a body: who may ask at all.
        app.Use(async (http, next) =>
        {
            if (await AdmitAsync(http, guard, credentials).ConfigureAwait(false))
            {
                await next(http).ConfigureAwait(false);
            }
        });
        // Every body is read by RequestBodies, against this one budget.
        app.Use((http, next) =>
        {
            http.Features.Set(budget);
            return next(http);
        });
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path.Value ?? "/";
            if (path == ResourcePrefix || path.StartsWith(ResourcePrefix + "/", StringComparison.Ordinal))
            {
                await ServeResourceAsync(http, path[ResourcePrefix.Length..].TrimStart('/'), instance, dispatcher).ConfigureAwait(false);
                return;
            }
            if (await pyroscope.TryServeAsync(http).ConfigureAwait(false))
            {
                return;
            }
            switch (path)
            {
                case "/ready":
                    await WriteTextAsync(http, 200, "ready\n").ConfigureAwait(false);
                    return;
                case "/metrics":
                    await WriteTextAsync(http, 200, metrics.Render(), "text/plain; version=0.0.4; charset=utf-8").ConfigureAwait(false);
                    return;
            }
            await next(http).ConfigureAwait(false);
        });
        MapFrontend(app, webRoot);

        await app.StartAsync().ConfigureAwait(false);
        // The bound address, not the requested one: with port 0 the system picks it.
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        LogListening(log, address, settings.StorePath);
        stdout.WriteLine($"Hotpath is serving on {address}");
        stdout.Flush();
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        await instance.DisposeAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Applies <see cref="SiteGuard"/> and the credentials; answers the refusals (and CORS
    /// preflights) itself and returns false, or returns true with CORS headers set when allowed.
    /// </summary>
    private static async Task<bool> AdmitAsync(HttpContext http, SiteGuard guard, ServeCredentials? credentials)
    {
        var request = http.Request;
        var origin = request.Headers.Origin.ToString();
        if (guard.Check(request.Method, request.Headers.Host.ToString(), origin, request.Headers["Sec-Fetch-Site"].ToString()) is { } refusal)
        {
            await WriteRefusalAsync(http, refusal.Status, refusal.Status == 421 ? "misdirected_request" : "forbidden", refusal.Message).ConfigureAwait(false);
            return false;
        }
        var cors = guard.IsCorsOrigin(origin);
        if (cors)
        {
            http.Response.Headers.AccessControlAllowOrigin = origin;
            http.Response.Headers.Vary = "Origin";
            if (HttpMethods.IsOptions(request.Method) && request.Headers.AccessControlRequestMethod.Count > 0)
            {
                // A preflight carries no credentials (Fetch), so it is answered before they are checked.
                http.Response.Headers.AccessControlAllowMethods = "GET, HEAD, POST, PUT, DELETE";
                http.Response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type, Content-Encoding, Connect-Protocol-Version, X-Scope-OrgID";
                http.Response.Headers.AccessControlAllowCredentials = "true";
                http.Response.Headers.AccessControlMaxAge = "600";
                http.Response.StatusCode = 204;
                return false;
            }
            http.Response.Headers.AccessControlAllowCredentials = "true";
        }
        if (credentials is not null && request.Path != "/ready" && !credentials.Verify(request.Headers.Authorization.ToString()))
        {
            http.Response.Headers.WWWAuthenticate = credentials.HasBasicUsers ? "Basic realm=\"Hotpath\", charset=\"UTF-8\"" : "Bearer realm=\"Hotpath\"";
            await WriteRefusalAsync(http, 401, "unauthorized",
                request.Headers.Authorization.Count == 0 ? "credentials required: send an Authorization header (bearer token or basic auth)" : "the credentials given are not accepted").ConfigureAwait(false);
            return false;
        }
        return true;
    }

    /// <summary>Access refusals in the body every route's error has (<see cref="ErrorBody"/>); the request's body is never read.</summary>
    private static async Task WriteRefusalAsync(HttpContext http, int status, string kind, string message)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new ErrorBody(message, kind), QueryJson.Wire.ErrorBody);
        // The body was not read: close rather than let Kestrel drain a large upload.
        http.Response.Headers.Connection = "close";
        await WriteAsync(http, new ResourceResponse(status, new Dictionary<string, string> { ["Content-Type"] = ResourceResponse.JsonContentType }, body)).ConfigureAwait(false);
    }

    private static X509Certificate2 LoadCertificate(string certFile, string keyFile)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new FormatException($"cannot load the TLS certificate '{certFile}' with key '{keyFile}': {e.Message}");
        }
    }

    private static async Task ServeResourceAsync(HttpContext http, string route, HotpathInstance instance, ResourceDispatcher dispatcher)
    {
        ReadOnlyMemory<byte> body;
        try
        {
            body = await RequestBodies.ReadAsync(http.Request, MaxResourceBodyBytes, inflateGzip: false, http.RequestAborted).ConfigureAwait(false);
        }
        catch (RequestRefusedException refusal)
        {
            refusal.SetHeaders(http.Response);
            await WriteRefusalAsync(http, refusal.Status, refusal.Status switch { 413 => "payload_too_large", 429 => "too_many_requests", _ => "bad_request" },
                refusal.Message).ConfigureAwait(false);
            await RequestBodies.LingerAsync(http).ConfigureAwait(false);
            return;
        }
        // Kestrel has already decoded the path; the query string is still raw and parsed below.
        var query = http.Request.QueryString.HasValue ? http.Request.QueryString.Value![1..] : "";
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)h.Value.Select(v => v ?? "").ToList(), StringComparer.OrdinalIgnoreCase);
        var request = new ResourceRequest(http.Request.Method, route, ResourceRequest.ParseQuery(query), headers, body,
            new RequestContext(OrgId: 1, UserLogin: null, instance));
        var response = await dispatcher.DispatchAsync(request, http.RequestAborted).ConfigureAwait(false);
        await WriteAsync(http, response).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext http, ResourceResponse response)
    {
        http.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            http.Response.Headers[name] = value;
        }
        if (!response.Headers.ContainsKey("Content-Type") && response.Status != 204)
        {
            http.Response.ContentType = ResourceResponse.JsonContentType;
        }
        http.Response.Headers.CacheControl = "no-store";
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await http.Response.Body.WriteAsync(response.Body, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private static Task WriteTextAsync(HttpContext http, int status, string text, string contentType = ResourceResponse.TextContentType)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        return http.Response.WriteAsync(text, http.RequestAborted);
    }

    /// <summary>
    /// Static files of the standalone page; any other GET that is not an API path answers index.html,
    /// so the page's own URLs (its state lives in the URL) load directly and after a reload.
    /// </summary>
    private static void MapFrontend(WebApplication app, string webRoot)
    {
        var index = Path.Combine(webRoot, "index.html");
        if (!File.Exists(index))
        {
            app.Run(http => http.Request.Path == "/"
                ? WriteTextAsync(http, 503, $"The Hotpath frontend is not built (no {index}). Run 'make build', or pass --web DIR.\n")
                : NotFoundAsync(http));
            return;
        }
        var files = new PhysicalFileProvider(Path.GetFullPath(webRoot));
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ServeUnknownFileTypes = false });
        app.Run(async http =>
        {
            var path = http.Request.Path.Value ?? "/";
            if (!(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) || path.StartsWith("/api/", StringComparison.Ordinal))
            {
                await NotFoundAsync(http).ConfigureAwait(false);
                return;
            }
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.CacheControl = "no-cache";
            await http.Response.SendFileAsync(index, http.RequestAborted).ConfigureAwait(false);
        });
    }

    private static Task NotFoundAsync(HttpContext http) =>
        WriteAsync(http, ResourceResponse.Error(new ResourceError(ErrorKind.NotFound, $"nothing at {http.Request.Method} {http.Request.Path}")));

    [LoggerMessage(Level = LogLevel.Warning, Message = "serving {Address} without credentials (--insecure-allow-unauthenticated): anyone who can reach it can read and push profiles")]
    private static partial void LogUnauthenticated(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hotpath standalone server listening on {Address}, embedded store at {DataPath}")]
    private static partial void LogListening(ILogger logger, string address, string dataPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "embedded store at {DataPath}: {Report}")]
    private static partial void LogStoreOpened(ILogger logger, string dataPath, string report);
}
