using Grpc.Core;

namespace Hotpath.Plugin.Pyroscope.Connect;

/// <summary>
/// A failed Connect call: the code decides the HTTP status, the message is shown to the client as is
/// (so it carries Pyroscope's wording where Pyroscope has one).
/// </summary>
public sealed class ConnectException(StatusCode code, string message) : Exception(message)
{
    public StatusCode Code { get; } = code;

    public static ConnectException InvalidArgument(string message) => new(StatusCode.InvalidArgument, message);
}
