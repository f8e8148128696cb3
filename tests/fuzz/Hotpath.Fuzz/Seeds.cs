using System.IO.Compression;
using System.Text;
using Google.Protobuf;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Stacks;
using Hotpath.Plugin.Pyroscope.Wire.Push;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;

namespace Hotpath.Fuzz;

/// <summary>
/// The seed corpora: small valid inputs made by our own code (profiles written by our pprof writer)
/// or by hand, one per shape the parser accepts, so the fuzzer starts from deep paths.
/// </summary>
internal static class Seeds
{
    private const string Folded = "main;run;work 10\nmain;run;idle 3\nmain;gc 2\n";

    public static void Write(string dir)
    {
        var stacks = new StackSetBuilder(new NameTable());
        FoldedFormat.Read(Folded, "seed", stacks);
        var profile = MergedProfile.Build(stacks.Stacks, new MergedProfileHeader("cpu", "nanoseconds")
        {
            PeriodType = "cpu",
            PeriodUnit = "nanoseconds",
            Period = 10_000_000,
            TimeNanos = 1_700_000_000_000_000_000,
            DurationNanos = 10_000_000_000,
        });
        var raw = PprofWriter.Encode(profile);
        var gzipped = PprofWriter.Write(profile);

        Put(dir, "pprof", "cpu.pb", raw);
        Put(dir, "pprof", "cpu.pb.gz", gzipped);

        Put(dir, "folded", "three-stacks.txt", Encoding.UTF8.GetBytes(Folded));
        Put(dir, "folded", "crlf-blank-no-frames.txt", Encoding.UTF8.GetBytes("a;b 1\r\n\r\n 4\r\nc;d;e -2\r\n"));
        Put(dir, "folded", "unicode.txt", Encoding.UTF8.GetBytes("Ωmain;σ::run<T> 7\n"));

        Put(dir, "selector", "empty.txt", "{}"u8.ToArray());
        Put(dir, "selector", "all-operators.txt", "{service_name=\"checkout\", pod=~\"check.*\", region!=\"us\", env!~\"dev|test\"}"u8.ToArray());
        Put(dir, "selector", "escapes.txt", "{a=\"x\\\"y\\\\z\", b=~'q+'}"u8.ToArray());

        var push = new PushRequest
        {
            Series =
            {
                new RawProfileSeries
                {
                    Labels = { new LabelPair { Name = "__name__", Value = "process_cpu" }, new LabelPair { Name = "service_name", Value = "checkout" } },
                    Samples = { new RawSample { RawProfile = ByteString.CopyFrom(gzipped), ID = "1" } },
                },
            },
        };
        var select = new SelectMergeStacktracesRequest
        {
            ProfileTypeID = "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
            LabelSelector = "{service_name=\"checkout\"}",
            Start = 1_700_000_000_000,
            End = 1_700_003_600_000,
            MaxNodes = 1024,
        };
        var series = new SelectSeriesRequest
        {
            ProfileTypeID = "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
            LabelSelector = "{}",
            Start = 1_700_000_000_000,
            End = 1_700_003_600_000,
            GroupBy = { "pod" },
            Step = 15,
        };
        var values = new LabelValuesRequest { Name = "pod", Matchers = { "{service_name=\"checkout\"}" }, Start = 1, End = 2 };
        IMessage[] messages = [push, select, series, values];
        for (var i = 0; i < messages.Length; i++)
        {
            var proto = messages[i].ToByteArray();
            var json = Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(messages[i]));
            Put(dir, "connect", $"{i}-proto", [(byte)(i << 2), .. proto]);
            Put(dir, "connect", $"{i}-json", [(byte)((i << 2) | 1), .. json]);
            Put(dir, "connect", $"{i}-proto-gzip", [(byte)((i << 2) | 2), .. Gzip(proto)]);
            Put(dir, "connect", $"{i}-json-gzip", [(byte)((i << 2) | 3), .. Gzip(json)]);
        }

        Put(dir, "ingest-name", "plain.txt", "my-app.cpu"u8.ToArray());
        Put(dir, "ingest-name", "labels.txt", "my-app.cpu{env=prod, region = eu-west-1 ,pod=a}"u8.ToArray());
        Put(dir, "ingest-name", "empty-labels.txt", "svc/a_b{}"u8.ToArray());

        var config = """{"cpu":{"units":"nanoseconds","aggregation":"sum","display-name":"cpu","sampled":true}}"""u8.ToArray();
        Put(dir, "multipart", "profile-and-config", Multipart("b0undary", ("profile", gzipped), ("sample_type_config", config)));
        Put(dir, "multipart", "profile-only-quoted-boundary", Multipart("\"a b\"", ("profile", raw)));

        Put(dir, "resource-params", "all.txt", Encoding.UTF8.GetBytes(
            "from=1767222000000&to=1767225600000&step=15&profileType=process_cpu:cpu:nanoseconds:cpu:nanoseconds" +
            "&selector=%7Bservice_name%3D%22checkout%22%2Cpod%3D~%22a.*%22%7D&maxNodes=2048&maxFunctions=50&stacked=1" +
            "&format=pprof&groupBy=pod,region&name=pod&aggregation=average&callSite=%5B%22main%22%2C%22run%22%5D&fromA=1767220000000&toA=1767221000000"));
        Put(dir, "resource-params", "defaults.txt", "selector=&step=0.5+&name=service.name"u8.ToArray());
    }

    private static byte[] Multipart(string boundary, params (string Name, byte[] Content)[] parts)
    {
        var bare = boundary.Trim('"');
        using var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes($"multipart/form-data; boundary={boundary}\n"));
        foreach (var (name, content) in parts)
        {
            body.Write(Encoding.ASCII.GetBytes($"--{bare}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
            body.Write(content);
            body.Write("\r\n"u8);
        }
        body.Write(Encoding.ASCII.GetBytes($"--{bare}--\r\n"));
        return body.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

    private static void Put(string dir, string target, string name, byte[] content)
    {
        Directory.CreateDirectory(Path.Combine(dir, target));
        File.WriteAllBytes(Path.Combine(dir, target, name), content);
    }
}
