namespace Hotpath.Plugin.Pyroscope.Connect;

/// <summary>An HTTP response ready to send: status, content type, extra headers and body.</summary>
public sealed record ConnectResponse(int Status, string ContentType, byte[] Body)
{
    /// <summary>Headers besides Content-Type (e.g. Accept-Post on 415); empty for most responses.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
