using System.Globalization;
using System.Text;

namespace Hotpath.Query.Ingest;

/// <summary>
/// <c>POST /ingest</c> (also served as <c>/pyroscope/ingest</c>): Pyroscope's legacy upload of pprof
/// (raw body or multipart), folded stacks and lines, with the app and its labels in <c>name</c>.
/// </summary>
/// <remarks>
/// The multipart form is read by <paramref name="readMultipart"/>, which the HTTP layer supplies (MIME
/// parsing is the transport's); it is called only when the rules get that far, so refusals come in
/// the same order whatever the body.
/// </remarks>
public sealed class LegacyIngestParser(ProfileIntake intake, TimeProvider time, MultipartDecoder readMultipart)
{
    public const int DefaultSampleRate = 100;

    public IngestLimits Limits => intake.Limits;

    /// <exception cref="IngestException">Any refusal.</exception>
    public async Task<IngestBatch> ParseAsync(LegacyIngestRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Body.Length > intake.Limits.MaxRequestBytes)
        {
            throw IngestException.TooLarge(intake.Limits.MaxRequestBytes);
        }
        var app = AppName.Parse(request.Parameter("name"));
        var from = IngestTime.Parse(request.Parameter("from"), "from", time);
        IngestTime.Parse(request.Parameter("until"), "until", time);
        var sampleRate = SampleRate(request.Parameter("sampleRate"));
        var spyName = request.Parameter("spyName") is { Length: > 0 } spy ? spy : "unknown";
        var format = (request.Parameter("format") ?? "").Trim().ToLowerInvariant();
        var contentType = request.ContentType ?? "";

        if (contentType.Contains("multipart/form-data", StringComparison.OrdinalIgnoreCase) && format is "" or "pprof")
        {
            var parts = await readMultipart(contentType, request.Body, cancellationToken).ConfigureAwait(false);
            var config = parts.SampleTypeConfig is { Length: > 0 } json ? SampleTypeSettings.ParseConfig(json) : null;
            return Pprof(app, parts.Profile, from, spyName, config);
        }
        switch (format)
        {
            case "pprof":
                return Pprof(app, request.Body, from, spyName, null);
            case "" or "folded" or "groups" or "lines":
                return Folded(app, request.Body, format == "lines", sampleRate, from, spyName);
            case "jfr" or "trie" or "tree" or "speedscope":
                throw IngestException.Unsupported($"format {format} is not supported");
            default:
                throw IngestException.BadParameter($"format {format} is not supported (use pprof, folded or lines)");
        }
    }

    private IngestBatch Pprof(AppName app, ReadOnlyMemory<byte> body, long from, string spyName, IReadOnlyDictionary<string, SampleTypeSettings>? config)
    {
        if (body.IsEmpty)
        {
            throw IngestException.Invalid("empty profile: the request carried no pprof bytes");
        }
        var pprof = intake.Inflate(body);
        var accepted = intake.Accept(
            profile => Labels(app, SampleTypeSettings.MetricName(profile, config), spyName, serviceFromApp: app.Name),
            pprof, from, null, config);
        return new IngestBatch([accepted]);
    }

    private IngestBatch Folded(AppName app, ReadOnlyMemory<byte> body, bool lines, int sampleRate, long from, string spyName)
    {
        var (service, type) = FoldedProfileType.FromAppName(app.Name);
        if (app.Tags.Any(t => t.Key == "profile_id"))
        {
            // Pyroscope treats uploads tagged with a profile id as no-ops.
            return new IngestBatch([]);
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Span);
        }
        catch (DecoderFallbackException)
        {
            throw IngestException.BadParameter("folded profile: body is not valid UTF-8 text");
        }
        var profile = FoldedProfileBuilder.Build(text, lines, type, sampleRate, from);
        var labels = Labels(app, type.Name, spyName, serviceFromApp: service, addAppName: true);
        return new IngestBatch([intake.AcceptBuilt(labels, profile, from)]);
    }

    private static List<KeyValuePair<string, string>> Labels(AppName app, string metric, string spyName, string serviceFromApp, bool addAppName = false)
    {
        var labels = new List<KeyValuePair<string, string>>
        {
            new(IngestLabels.MetricName, metric),
            new("pyroscope_spy", spyName),
        };
        var hasService = app.Tags.Any(t => t.Key == IngestLabels.ServiceName);
        if (!hasService)
        {
            labels.Add(new(IngestLabels.ServiceName, serviceFromApp));
        }
        else if (addAppName)
        {
            labels.Add(new("app_name", app.Name));
        }
        // Tags starting with "__" are reserved for the server.
        labels.AddRange(app.Tags.Where(t => !t.Key.StartsWith("__", StringComparison.Ordinal)));
        return IngestLabels.Sorted(labels);
    }

    private static int SampleRate(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rate) ? rate : DefaultSampleRate;
}

/// <summary>
/// Splits a <c>multipart/form-data</c> pprof upload into its parts.
/// </summary>
/// <exception cref="IngestException">A malformed body or one without a <c>profile</c> part.</exception>
public delegate Task<MultipartParts> MultipartDecoder(string contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

/// <summary>The parts of a multipart pprof upload (pyroscope-go, older @pyroscope/nodejs).</summary>
public sealed record MultipartParts(byte[] Profile, byte[]? SampleTypeConfig);
