using Grpc.Core;
using Hotpath.Plugin.Pyroscope.Connect;
using Hotpath.Plugin.Pyroscope.Wire.Push;

namespace Hotpath.Plugin.Pyroscope.Ingest;

/// <summary>
/// <c>POST /push.v1.PusherService/Push</c>: turns a decoded <see cref="PushRequest"/> into an
/// <see cref="IngestBatch"/>, behaving as Pyroscope's distributor does. All or nothing: the first
/// broken rule refuses the whole request.
/// </summary>
public sealed class PushParser(ProfileIntake intake)
{
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
            throw e.ToConnect();
        }
    }

    /// <exception cref="IngestException">The first rule broken.</exception>
    public IngestBatch Parse(PushRequest push)
    {
        var accepted = new List<IngestedProfile>();
        long uncompressedTotal = 0;
        foreach (var series in push.Series)
        {
            var labels = series.Labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value)).ToList();
            if (!labels.Any(l => l.Key == SeriesLabels.ServiceName))
            {
                // Pyroscope fills in a placeholder rather than refusing the push.
                labels.Add(new(SeriesLabels.ServiceName, SeriesLabels.UnknownService));
            }
            labels = SeriesLabels.Sorted(labels);
            foreach (var sample in series.Samples)
            {
                var pprof = intake.Inflate(sample.RawProfile.Memory);
                uncompressedTotal += pprof.Length;
                if (uncompressedTotal > intake.Limits.MaxRequestBytes)
                {
                    throw IngestException.Invalid($"uncompressed batched profile payload size exceeds limit of {GoText.HumanBytes(intake.Limits.MaxRequestBytes)}");
                }
                accepted.Add(intake.Accept(labels, pprof, fallbackTimeNanos: null, sample.ID));
            }
        }
        return new IngestBatch(accepted);
    }
}
