using Hotpath.Engine.Errors;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Routing;

/// <summary>
/// Dispatches resource requests to routes by exact path and method. The same router serves
/// Grafana's CallResource and the standalone HTTP server, so both answer identically.
/// </summary>
public sealed class Router
{
    public delegate Task<ResourceResponse> Handler(ResourceRequest request, CancellationToken cancellationToken);

    private readonly Dictionary<string, Dictionary<string, Handler>> _routes = new(StringComparer.Ordinal);

    public Router Map(string method, string path, Handler handler)
    {
        if (!_routes.TryGetValue(path, out var byMethod))
        {
            byMethod = new Dictionary<string, Handler>(StringComparer.Ordinal);
            _routes[path] = byMethod;
        }
        byMethod[method] = handler;
        return this;
    }

    /// <summary>The route template a request resolves to, for metrics; <c>unmatched</c> when none.</summary>
    public string RouteName(string path) => _routes.ContainsKey(Normalize(path)) ? Normalize(path) : "unmatched";

    public IEnumerable<(string Method, string Path)> Routes =>
        _routes.SelectMany(r => r.Value.Keys.Select(m => (m, r.Key))).OrderBy(r => r.Key, StringComparer.Ordinal);

    /// <summary>
    /// Runs the matching route within the instance's request time limit. Every failure becomes a
    /// response: <see cref="ResourceError"/> keeps its kind, a source's failure is translated by
    /// <see cref="SourceErrors"/>, the time limit answers 504 naming the route, cancellation by the
    /// caller propagates, anything else is a plugin error (500) whose message is logged by the
    /// caller, not sent.
    /// </summary>
    public async Task<ResourceResponse> DispatchAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var instance = request.Context.Instance;
        var limit = instance.Settings.Limits.RequestTimeout;
        using var deadline = new CancellationTokenSource(limit, instance.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var path = Normalize(request.Path);
            if (!_routes.TryGetValue(path, out var byMethod))
            {
                throw new ResourceError(ErrorKind.NotFound, $"no resource route '{path}'");
            }
            var method = request.Method.ToUpperInvariant();
            if (!byMethod.TryGetValue(method, out var handler))
            {
                if (method == "HEAD" && byMethod.TryGetValue("GET", out var get))
                {
                    var full = await Run(get, request, linked.Token).ConfigureAwait(false);
                    return full with { Body = ReadOnlyMemory<byte>.Empty };
                }
                var allow = string.Join(", ", byMethod.Keys.Order(StringComparer.Ordinal));
                throw new ResourceError(ErrorKind.MethodNotAllowed, $"route '{path}' does not accept {method}; it accepts {allow}", allow);
            }
            return await Run(handler, request, linked.Token).ConfigureAwait(false);
        }
        catch (ResourceError error)
        {
            return ResourceResponse.Error(error);
        }
        catch (SourceException error)
        {
            return ResourceResponse.Error(SourceErrors.ToResourceError(error));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var seconds = limit.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            return ResourceResponse.Error(new ResourceError(ErrorKind.DownstreamTimeout, $"route '{Normalize(request.Path)}' did not finish within its time limit of {seconds} s"));
        }
    }

    /// <summary>
    /// Awaits a route, but no longer than its token allows: a source call that cannot be interrupted
    /// (an embedded store read) keeps running in the background while the caller gets its answer.
    /// </summary>
    private static Task<ResourceResponse> Run(Handler handler, ResourceRequest request, CancellationToken cancellationToken) =>
        handler(request, cancellationToken).WaitAsync(cancellationToken);

    private static string Normalize(string path) => path.Trim('/');
}
