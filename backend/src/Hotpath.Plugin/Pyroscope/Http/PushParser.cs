using Grpc.Core;
using Hotpath.Plugin.Pyroscope.Connect;
using Hotpath.Plugin.Pyroscope.Wire.Push;
using Hotpath.Query.Ingest;

namespace Hotpath.Plugin.Pyroscope.Http;

/// <summary>
/// <c>POST /push.v1.PusherService/Push</c>: decodes the Connect body into a <see cref="PushRequest"/>
/// and hands its series to <see cref="PushRules"/>.
/// </summary>
public sealed class PushParser(ProfileIntake intake)
{
    private readonly PushRules _rules = new(intake);

    public IngestLimits Limits => intake.Limits;

    /// <summary>Decodes a Connect request body (proto or JSON, gzip or not) and parses it.</summary>
    /// <exception cref="ConnectException">Any refusal, with its Connect code (invalid_argument for bad profiles).</exception>
    public IngestBatch Parse(ConnectRequest request)
    {
        if (!ConnectCodec.TryGetFormat(request.ContentType, out var format))
        {
            throw new ConnectException(StatusCode.Unknown, $"unsupported content type \"{request.ContentType}\"");
        }
        var push = ConnectCodec.Decode(request, format, PushRequest.Parser, new ConnectLimits { MaxBytes = intake.Limits.MaxRequestBytes });
        try
        {
            return Parse(push);
        }
        catch (IngestException e)
        {
            throw ConnectErrors.From(e);
        }
    }

    /// <exception cref="IngestException">The first rule broken.</exception>
    public IngestBatch Parse(PushRequest push) => _rules.Accept(push.Series.Select(s => new PushedSeries(
        [.. s.Labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value))],
        [.. s.Samples.Select(x => new PushedSample(x.RawProfile.Memory, x.ID))])));
}
