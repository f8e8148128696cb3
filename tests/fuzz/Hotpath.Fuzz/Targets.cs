using System.Text;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Inputs;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Selection;
using Hotpath.Engine.Stacks;
using Hotpath.Plugin.Pyroscope.Connect;
using Hotpath.Plugin.Pyroscope.Http;
using Hotpath.Query;
using Hotpath.Query.Ingest;
using Hotpath.Query.Routing;
using Hotpath.Query.Settings;

namespace Hotpath.Fuzz;

/// <summary>
/// One fuzz target per parser that takes untrusted bytes. Each is a thin call into the real parser:
/// the exception type the parser documents for bad input is the expected outcome and is swallowed;
/// anything else (another exception, a hang, a crash) escapes and is a finding. Each answers whether
/// the input was accepted (false: refused as bad input), which replay counts.
/// </summary>
/// <remarks>
/// Nothing here may run instrumented code before SharpFuzz's loop has mapped AFL's coverage memory
/// (the rewritten IL writes to it), so every static built by our assemblies is lazy.
/// </remarks>
internal static class Targets
{
    public static readonly IReadOnlyDictionary<string, Func<byte[], bool>> All = new Dictionary<string, Func<byte[], bool>>(StringComparer.Ordinal)
    {
        ["pprof"] = Pprof,
        ["folded"] = Folded,
        ["selector"] = Selector,
        ["connect"] = Connect,
        ["ingest-name"] = IngestName,
        ["multipart"] = Multipart,
        ["resource-params"] = ResourceParams,
    };

    // Small limits keep one execution fast; the limit checks themselves are part of what is fuzzed.
    private const long MaxBytes = 1 << 20;

    private static readonly UTF8Encoding LenientUtf8 = new(false, throwOnInvalidBytes: false);

    /// <summary>
    /// <see cref="PprofReader.Read"/> (gzip or raw protobuf, decode, validate, link), then the default
    /// sample type's stacks as the CLI and the store take them (<see cref="ProfileBytes.Stacks"/>).
    /// Bad input: <see cref="PprofFormatException"/>; <see cref="FormatException"/> from choosing the sample type.
    /// </summary>
    private static bool Pprof(byte[] data)
    {
        try
        {
            var profile = PprofReader.Read(data, "fuzz", new PprofReadOptions { MaxDecompressedBytes = MaxBytes });
            var names = new NameTable();
            ProfileBytes.Stacks(new LoadedProfile(profile, null), null, "fuzz", names);
            return true;
        }
        catch (PprofFormatException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// <see cref="FoldedFormat.Read"/> on the text, then the contract that written output always reads
    /// back: <see cref="FoldedFormat.Lines"/> of what was read, read again, gives the same lines.
    /// Bad input: <see cref="FormatException"/>.
    /// </summary>
    private static bool Folded(byte[] data)
    {
        string[] lines;
        try
        {
            var builder = new StackSetBuilder(new NameTable());
            FoldedFormat.Read(LenientUtf8.GetString(data), "fuzz", builder);
            lines = FoldedFormat.Lines(builder.Stacks);
        }
        catch (FormatException)
        {
            return false;
        }
        var again = new StackSetBuilder(new NameTable());
        FoldedFormat.Read(string.Join('\n', lines), "written", again);
        var relines = FoldedFormat.Lines(again.Stacks);
        if (!relines.SequenceEqual(lines, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"folded output does not read back: {lines.Length} lines became {relines.Length}");
        }
        return true;
    }

    /// <summary>
    /// <see cref="LabelSelector.Parse"/>, then the parsed matchers against a small label set (regex
    /// matchers run). Bad input: <see cref="SelectorException"/>.
    /// </summary>
    private static bool Selector(byte[] data)
    {
        try
        {
            var selector = LabelSelector.Parse(LenientUtf8.GetString(data));
            selector.Matches(name => SampleLabels.Value.GetValueOrDefault(name));
            _ = selector.ToString();
            return true;
        }
        catch (SelectorException)
        {
            return false;
        }
    }

    private static readonly Lazy<Dictionary<string, string>> SampleLabels = new(() => new() { ["service_name"] = "checkout", ["pod"] = "checkout-7d9f-abc", ["region"] = "eu-west-1" });

    private static readonly Lazy<ConnectLimits> Limits = new(() => new ConnectLimits { MaxBytes = MaxBytes });

    private static readonly (string Name, Func<ConnectRequest, ConnectFormat, object> Decode)[] ConnectMessages =
    [
        ("push.v1.PushRequest", (r, f) => ConnectCodec.Decode(r, f, Hotpath.Plugin.Pyroscope.Wire.Push.PushRequest.Parser, Limits.Value)),
        ("querier.v1.SelectMergeStacktracesRequest", (r, f) => ConnectCodec.Decode(r, f, Hotpath.Plugin.Pyroscope.Wire.Querier.SelectMergeStacktracesRequest.Parser, Limits.Value)),
        ("querier.v1.SelectSeriesRequest", (r, f) => ConnectCodec.Decode(r, f, Hotpath.Plugin.Pyroscope.Wire.Querier.SelectSeriesRequest.Parser, Limits.Value)),
        ("querier.v1.LabelValuesRequest", (r, f) => ConnectCodec.Decode(r, f, Hotpath.Plugin.Pyroscope.Wire.Types.LabelValuesRequest.Parser, Limits.Value)),
    ];

    /// <summary>
    /// <see cref="ConnectCodec.Decode"/>. The first byte picks the codec (bit 0: JSON or proto), the
    /// Content-Encoding (bit 1: gzip or identity) and the request message (bits 2–3); the rest is the
    /// body. Bad input: <see cref="ConnectException"/>.
    /// </summary>
    private static bool Connect(byte[] data)
    {
        if (data.Length == 0)
        {
            return false;
        }
        var selector = data[0];
        var format = (selector & 1) == 0 ? ConnectFormat.Proto : ConnectFormat.Json;
        var encoding = (selector & 2) == 0 ? null : "gzip";
        var message = ConnectMessages[(selector >> 2) & 3];
        var request = new ConnectRequest(
            format == ConnectFormat.Proto ? ConnectCodec.ProtoContentType : ConnectCodec.JsonContentType,
            encoding, "1", data.AsMemory(1));
        try
        {
            message.Decode(request, format);
            return true;
        }
        catch (ConnectException)
        {
            return false;
        }
    }

    /// <summary><see cref="AppName.Parse"/> on the <c>name</c> parameter of <c>/ingest</c>. Bad input: <see cref="IngestException"/>.</summary>
    private static bool IngestName(byte[] data)
    {
        try
        {
            AppName.Parse(LenientUtf8.GetString(data));
            return true;
        }
        catch (IngestException)
        {
            return false;
        }
    }

    /// <summary>
    /// <see cref="MultipartProfile.ReadAsync"/>: the first line is the Content-Type header, the rest
    /// the body. Bad input: <see cref="IngestException"/>.
    /// </summary>
    private static bool Multipart(byte[] data)
    {
        var newline = Array.IndexOf(data, (byte)'\n');
        var contentType = newline < 0 ? LenientUtf8.GetString(data) : LenientUtf8.GetString(data, 0, newline);
        var body = newline < 0 ? ReadOnlyMemory<byte>.Empty : data.AsMemory(newline + 1);
        try
        {
            MultipartProfile.ReadAsync(contentType, body, CancellationToken.None).GetAwaiter().GetResult();
            return true;
        }
        catch (IngestException)
        {
            return false;
        }
    }

    private static readonly Lazy<RequestContext> Context = new(() => new RequestContext(1, null,
        new HotpathInstance(HotpathSettings.Embedded("unused"), time: new FixedTime())));

    /// <summary>
    /// A resource route's query string through <see cref="ResourceRequest.ParseQuery"/>, then every
    /// <see cref="QueryParams"/> reader under the names the routes use. Bad input: <see cref="ResourceError"/>.
    /// </summary>
    private static bool ResourceParams(byte[] data)
    {
        var query = ResourceRequest.ParseQuery(LenientUtf8.GetString(data));
        var request = new ResourceRequest("GET", "fuzz", query, new Dictionary<string, IReadOnlyList<string>>(), ReadOnlyMemory<byte>.Empty, Context.Value);
        var p = new QueryParams(request);
        var accepted = true;
        Try(() => p.Step(p.Range()));
        Try(() => p.Range("fromA", "toA"));
        Try(() => p.ProfileType());
        Try(() => p.Selector());
        Try(() => p.MaxNodes());
        Try(() => p.MaxFunctions());
        Try(() => p.Bool("stacked", false));
        Try(() => p.OneOf("format", "folded", "folded", "pprof"));
        Try(() => p.LabelNames("groupBy"));
        Try(() => p.LabelName("name"));
        Try(() => p.Aggregation("aggregation", Hotpath.Query.Sources.SeriesAggregationKind.Sum));
        Try(() => p.StringArray("callSite"));
        return accepted;

        void Try(Func<object> read)
        {
            try
            {
                read();
            }
            catch (ResourceError)
            {
                accepted = false;
            }
        }
    }

    /// <summary>A clock fixed in 2026, so the default ranges do not move between runs.</summary>
    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
