using Google.Protobuf;
using Grpc.Core;
using Hotpath.Engine.Errors;
using Hotpath.Plugin.Protocol.PluginV2;
using Hotpath.Plugin.Resources;
using Hotpath.Query;
using Hotpath.Query.Routing;
using Hotpath.Query.Settings;

namespace Hotpath.Plugin.Grafana;

/// <summary>
/// <c>pluginv2.Resource/CallResource</c>: Grafana's <c>/api/plugins/hotpath-profiles-app/resources/*</c>
/// turned into a <see cref="ResourceRequest"/> for the shared router, the answer streamed back
/// in chunks. The first message always carries a valid HTTP code (Grafana fails on 0).
/// </summary>
public sealed class ResourceService(InstanceManager instances, ResourceDispatcher dispatcher) : Resource.ResourceBase
{
    /// <summary>Body bytes per CallResourceResponse message: large answers arrive as several messages.</summary>
    public const int ChunkSize = 64 * 1024;

    public override async Task CallResource(CallResourceRequest request, IServerStreamWriter<CallResourceResponse> responseStream, ServerCallContext context)
    {
        ResourceResponse response;
        try
        {
            // The use keeps the instance and its store open while the route runs, even if the settings change meanwhile.
            using var use = instances.Use(request.PluginContext ?? new PluginContext());
            response = await dispatcher.DispatchAsync(ToResourceRequest(request, use.Instance), context.CancellationToken).ConfigureAwait(false);
        }
        catch (SettingsException e)
        {
            response = ResourceResponse.Error(new ResourceError(ErrorKind.Plugin, $"invalid app settings: {e.Message}"));
        }
        await SendAsync(response, responseStream).ConfigureAwait(false);
    }

    internal static ResourceRequest ToResourceRequest(CallResourceRequest request, HotpathInstance instance)
    {
        var query = request.Url.IndexOf('?') is var q and >= 0 ? request.Url[(q + 1)..] : "";
        var headers = request.Headers.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)h.Value.Values.ToList(), StringComparer.OrdinalIgnoreCase);
        var context = request.PluginContext;
        var user = context?.User?.Login is { Length: > 0 } login ? login : null;
        return new ResourceRequest(request.Method, request.Path, ResourceRequest.ParseQuery(query), headers, request.Body.Memory,
            new RequestContext(context?.OrgId ?? 0, user, instance));
    }

    private static async Task SendAsync(ResourceResponse response, IServerStreamWriter<CallResourceResponse> stream)
    {
        var first = new CallResourceResponse { Code = response.Status };
        foreach (var (name, value) in response.Headers)
        {
            first.Headers[name] = new StringList { Values = { value } };
        }
        var body = response.Body;
        var take = Math.Min(ChunkSize, body.Length);
        first.Body = UnsafeByteOperations.UnsafeWrap(body[..take]);
        await stream.WriteAsync(first).ConfigureAwait(false);
        for (var offset = take; offset < body.Length; offset += ChunkSize)
        {
            var chunk = body.Slice(offset, Math.Min(ChunkSize, body.Length - offset));
            await stream.WriteAsync(new CallResourceResponse { Body = UnsafeByteOperations.UnsafeWrap(chunk) }).ConfigureAwait(false);
        }
    }
}
