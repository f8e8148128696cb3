using System.IO.Pipelines;
using Google.Protobuf;

namespace Hotpath.Plugin.Grpc;

/// <summary>What a handler knows about its call: when it must give up, and the request's metadata.</summary>
public sealed record GrpcCallContext(string Method, CancellationToken CancellationToken, IReadOnlyDictionary<string, string> Metadata);

/// <summary>Sends messages of a server-streaming call, each flushed as it is written.</summary>
public sealed class GrpcStreamWriter<T>(PipeWriter writer, CancellationToken cancellationToken) where T : IMessage
{
    public int Written { get; private set; }

    public async ValueTask WriteAsync(T message)
    {
        GrpcFraming.WriteMessage(writer, message);
        Written++;
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// One registered method: parses its single request message and runs the handler, writing the
/// response message(s). Unary and server-streaming are the two shapes Grafana's protocol uses.
/// </summary>
public abstract class GrpcMethod(string path)
{
    /// <summary>Full path as it appears on the wire, <c>/package.Service/Method</c>.</summary>
    public string Path { get; } = path;

    public abstract Task InvokeAsync(byte[] request, PipeWriter response, Func<ValueTask> startResponse, GrpcCallContext context);

    public static GrpcMethod Unary<TRequest, TResponse>(string path, MessageParser<TRequest> parser, Func<TRequest, GrpcCallContext, Task<TResponse>> handler)
        where TRequest : IMessage<TRequest> where TResponse : IMessage =>
        new UnaryMethod<TRequest, TResponse>(path, parser, handler);

    public static GrpcMethod ServerStreaming<TRequest, TResponse>(string path, MessageParser<TRequest> parser, Func<TRequest, GrpcStreamWriter<TResponse>, GrpcCallContext, Task> handler)
        where TRequest : IMessage<TRequest> where TResponse : IMessage =>
        new StreamingMethod<TRequest, TResponse>(path, parser, handler);

    protected static T Parse<T>(MessageParser<T> parser, byte[] bytes) where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new GrpcException(StatusCode.Internal, $"grpc: error unmarshalling request: {e.Message}");
        }
    }

    private sealed class UnaryMethod<TRequest, TResponse>(string path, MessageParser<TRequest> parser, Func<TRequest, GrpcCallContext, Task<TResponse>> handler)
        : GrpcMethod(path) where TRequest : IMessage<TRequest> where TResponse : IMessage
    {
        public override async Task InvokeAsync(byte[] request, PipeWriter response, Func<ValueTask> startResponse, GrpcCallContext context)
        {
            var reply = await handler(Parse(parser, request), context).ConfigureAwait(false);
            await startResponse().ConfigureAwait(false);
            GrpcFraming.WriteMessage(response, reply);
            await response.FlushAsync(context.CancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class StreamingMethod<TRequest, TResponse>(string path, MessageParser<TRequest> parser, Func<TRequest, GrpcStreamWriter<TResponse>, GrpcCallContext, Task> handler)
        : GrpcMethod(path) where TRequest : IMessage<TRequest> where TResponse : IMessage
    {
        public override async Task InvokeAsync(byte[] request, PipeWriter response, Func<ValueTask> startResponse, GrpcCallContext context)
        {
            var parsed = Parse(parser, request);
            await startResponse().ConfigureAwait(false);
            await handler(parsed, new GrpcStreamWriter<TResponse>(response, context.CancellationToken), context).ConfigureAwait(false);
        }
    }
}
