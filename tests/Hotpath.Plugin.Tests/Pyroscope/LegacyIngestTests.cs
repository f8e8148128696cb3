using System.Net.Http.Headers;
using System.Text;
using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Plugin.Pyroscope.Connect;
using Hotpath.Plugin.Pyroscope.Http;
using Hotpath.Query.Ingest;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Pyroscope;

/// <summary>POST /ingest: the name parser, times, pprof (multipart and raw) and folded uploads.</summary>
[NonParallelizable]
public sealed class LegacyIngestTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-01T12:00:00Z");
    private static readonly long NowNanos = Now.ToUnixTimeMilliseconds() * 1_000_000L;

    private static LegacyIngestParser Parser(TimeProvider? clock = null)
    {
        clock ??= new FixedClock(Now);
        return new LegacyIngestParser(Intake.Default(clock), clock, MultipartProfile.ReadAsync);
    }

    private static LegacyIngestRequest Request(string query, string? contentType, byte[] body) =>
        new(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).ToDictionary(p => p.Key, p => p.Value[0] ?? ""), contentType, body);

    private static async Task<IngestException> Refusal(LegacyIngestRequest request, TimeProvider? clock = null)
    {
        var act = () => Parser(clock).ParseAsync(request);
        return (await act.Should().ThrowAsync<IngestException>()).Which;
    }

    private static byte[] Multipart(params (string Name, string? FileName, byte[] Content)[] parts)
    {
        using var form = new MultipartFormDataContent("hotpath-test-boundary");
        foreach (var (name, fileName, content) in parts)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            if (fileName is null)
            {
                form.Add(part, name);
            }
            else
            {
                form.Add(part, name, fileName);
            }
        }
        return form.ReadAsByteArrayAsync().Result;
    }

    private static KeyValuePair<string, string> KV(string name, string value) => new(name, value);

    private const string MultipartType = "multipart/form-data; boundary=hotpath-test-boundary";

    [Test]
    public void Names_parse_into_app_and_trimmed_labels()
    {
        var name = AppName.Parse(" shop.frontend { region = eu-north ,pod=pod-7, otel.scope.name=com.grafana.pyroscope/go }");
        name.Name.Should().Be("shop.frontend");
        name.Tags.Should().Equal(KV("region", "eu-north"), KV("pod", "pod-7"), KV("otel.scope.name", "com.grafana.pyroscope/go"));
        AppName.Parse("app").Tags.Should().BeEmpty();
        AppName.Parse("app{}").Tags.Should().BeEmpty();
    }

    [TestCase("", "name: service name is required")]
    [TestCase("{region=eu}", "name: service name is required")]
    [TestCase("my app{}", "invalid service name: my app: character is not allowed: ' '")]
    [TestCase("app{region=eu", "name: missing '}' after the labels in \"app{region=eu\"")]
    [TestCase("app{region=eu}x", "name: unexpected text after '}' in \"app{region=eu}x\"")]
    [TestCase("app{region}", "name: label \"region\" has no '=' in \"app{region}\"")]
    [TestCase("app{re-gion=eu}", "invalid label name: \"re-gion\" (allowed: letters, digits, '_' and '.')")]
    [TestCase("app{=eu}", "invalid label name: \"\" (allowed: letters, digits, '_' and '.')")]
    [TestCase("app{__name__=x}", "invalid label name: __name__ is reserved")]
    [TestCase("app{a={b}}", "name: unexpected text after '}' in \"app{a={b}}\"")]
    public void Malformed_names_are_refused_with_400(string name, string message)
    {
        var act = () => AppName.Parse(name);
        var error = act.Should().Throw<IngestException>().Which;
        error.Message.Should().Be(message);
        ConnectErrors.IngestStatusOf(error.Kind).Should().Be(400);
    }

    [TestCase("1700000000", 1700000000L * 1_000_000_000)]
    [TestCase("1700000000123", 1700000000123L * 1_000_000)]
    [TestCase("1700000000123456", 1700000000123456L * 1_000)]
    [TestCase("1700000000123456789", 1700000000123456789L)]
    [TestCase("20260301", 1772323200L * 1_000_000_000)]
    public void Times_are_read_in_the_unit_their_digit_count_implies(string text, long nanos)
    {
        IngestTime.Parse(text, "from", new FixedClock(Now)).Should().Be(nanos);
    }

    [Test]
    public void Relative_and_missing_times_count_from_now()
    {
        var clock = new FixedClock(Now);
        IngestTime.Parse(null, "from", clock).Should().Be(NowNanos);
        IngestTime.Parse("now", "from", clock).Should().Be(NowNanos);
        IngestTime.Parse("now-1h", "from", clock).Should().Be(NowNanos - 3600L * 1_000_000_000);
        IngestTime.Parse("now-30m", "from", clock).Should().Be(NowNanos - 1800L * 1_000_000_000);
    }

    [TestCase("yesterday")]
    [TestCase("-5")]
    [TestCase("now-1x")]
    [TestCase("99999999999999999999")]
    public void Bad_times_are_refused_naming_the_parameter(string text)
    {
        var act = () => IngestTime.Parse(text, "until", new FixedClock(Now));
        act.Should().Throw<IngestException>().Which.Message.Should().StartWith($"until: \"{text}\" is not a time");
    }

    [Test]
    public async Task A_multipart_go_cpu_profile_yields_process_cpu_with_tags_and_spy()
    {
        var clock = TimeProvider.System;
        var config = """{"samples":{"units":"samples","display-name":"cpu","sampled":true},"cpu":{"units":"nanoseconds"}}""";
        var body = Multipart(("profile", "profile.pprof", GoProfiles.Cpu), ("sample_type_config", "sample_type_config.json", Encoding.UTF8.GetBytes(config)));
        var from = DateTimeOffset.UtcNow.AddSeconds(-10).ToUnixTimeSeconds();
        var batch = await Parser(clock).ParseAsync(Request($"?name=shop.checkout{{region=eu-north,__session_id__=abc}}&from={from}&until={from + 10}&spyName=gospy&sampleRate=100", MultipartType, body));

        var profile = batch.Profiles.Should().ContainSingle().Which;
        profile.Labels.Should().Equal(
            KV("__name__", "process_cpu"), KV("pyroscope_spy", "gospy"), KV("region", "eu-north"), KV("service_name", "shop.checkout"));
        profile.SampleTypeConfig!["samples"].DisplayName.Should().Be("cpu");
        ProfileTypeMapping.All(profile.Profile, "process_cpu").Select(t => t.ToString()).Should()
            .Equal("process_cpu:samples:count:cpu:nanoseconds", "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
    }

    [Test]
    public async Task A_multipart_heap_profile_is_named_memory_and_a_tagged_service_name_wins()
    {
        var body = Multipart(("profile", "profile.pprof", GoProfiles.Heap));
        var batch = await Parser(TimeProvider.System).ParseAsync(Request("?name=app{service_name=cart}&spyName=gospy", MultipartType, body));
        var profile = batch.Profiles.Single();
        profile.Label("__name__").Should().Be("memory");
        profile.Label("service_name").Should().Be("cart");
    }

    [Test]
    public async Task A_raw_octet_stream_pprof_body_is_read()
    {
        var batch = await Parser(TimeProvider.System).ParseAsync(Request("?name=node-app&format=pprof&spyName=nodespy", "application/octet-stream", GoProfiles.Cpu));
        batch.Profiles.Single().Label("service_name").Should().Be("node-app");
        batch.Profiles.Single().Pprof.ToArray().Should().Equal(GoProfiles.Gunzip(GoProfiles.Cpu));
    }

    [Test]
    public async Task A_prev_profile_part_is_refused_as_pyroscope_does()
    {
        var body = Multipart(("profile", "profile.pprof", GoProfiles.Cpu), ("prev_profile", "profile.pprof", GoProfiles.Cpu));
        var error = await Refusal(Request("?name=app", MultipartType, body));
        ConnectErrors.IngestStatusOf(error.Kind).Should().Be(422);
        error.Message.Should().Be("unsupported client version. Please update github.com/grafana/pyroscope-go to the latest version");
    }

    [Test]
    public async Task Multipart_bodies_without_a_profile_or_with_bad_config_are_refused()
    {
        (await Refusal(Request("?name=app", MultipartType, Multipart(("other", "x", [1]))))).Message.Should().Be("multipart body has no \"profile\" part");
        (await Refusal(Request("?name=app", "multipart/form-data", GoProfiles.Cpu))).Message.Should().Be("multipart body without a boundary in its Content-Type");
        var badConfig = Multipart(("profile", "p", GoProfiles.Cpu), ("sample_type_config", "c", "{not json"u8.ToArray()));
        (await Refusal(Request("?name=app", MultipartType, badConfig))).Message.Should().StartWith("sample_type_config: invalid JSON");
    }

    [Test]
    public async Task Folded_cpu_stacks_become_nanoseconds_at_the_sample_rate()
    {
        var folded = "main;work;fib 30\nmain;work;alloc 10\nmain;idle 5\n";
        var batch = await Parser().ParseAsync(Request("?name=shop.cpu{pod=p1}&from=1772366400&sampleRate=100", null, Encoding.UTF8.GetBytes(folded)));

        var profile = batch.Profiles.Single();
        profile.Labels.Should().Equal(KV("__name__", "process_cpu"), KV("pod", "p1"), KV("pyroscope_spy", "unknown"), KV("service_name", "shop"));
        ProfileTypeMapping.For(profile.Profile, 0, "process_cpu").ToString().Should().Be("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        profile.TimeNanos.Should().Be(1772366400L * 1_000_000_000);
        var merger = new ProfileMerger();
        merger.Add(profile.Profile, 0);
        FoldedFormat.Lines(merger.Stacks).Should().Equal("main;idle 50000000", "main;work;alloc 100000000", "main;work;fib 300000000");
    }

    [Test]
    public async Task Lines_count_one_sample_per_line_and_memory_types_keep_their_unit()
    {
        var batch = await Parser().ParseAsync(Request("?name=svc.alloc_space&format=lines", null, "a;b\na;b\na;c\n"u8.ToArray()));
        var profile = batch.Profiles.Single();
        ProfileTypeMapping.For(profile.Profile, 0, profile.Label("__name__")).ToString().Should().Be("memory:alloc_space:bytes::");
        var merger = new ProfileMerger();
        merger.Add(profile.Profile, 0);
        FoldedFormat.Lines(merger.Stacks).Should().Equal("a;b 2", "a;c 1");
    }

    [Test]
    public async Task A_folded_upload_with_a_service_name_tag_keeps_the_app_name()
    {
        var batch = await Parser().ParseAsync(Request("?name=app.cpu{service_name=real}&sampleRate=0", null, "a 1"u8.ToArray()));
        var profile = batch.Profiles.Single();
        profile.Label("service_name").Should().Be("real");
        profile.Label("app_name").Should().Be("app.cpu");
        ProfileTypeMapping.For(profile.Profile, 0, "process_cpu").ToString().Should().Be("process_cpu:samples:count::");
    }

    [TestCase("?name=app.weird", "a 1", 400, "unknown profile type: weird")]
    [TestCase("?name=app", "a;b notanumber", 400, "folded profile: body: line 1: value 'notanumber' is not a 64-bit integer")]
    [TestCase("?name=app", "a;b", 400, "folded profile: body: line 1: no value (expected 'frame;frame;... <integer>')")]
    [TestCase("?name=app&format=jfr", "x", 422, "format jfr is not supported")]
    [TestCase("?name=app&format=speedscope", "{}", 422, "format speedscope is not supported")]
    [TestCase("?name=app&format=csv", "x", 400, "format csv is not supported (use pprof, folded or lines)")]
    [TestCase("?name=", "a 1", 400, "name: service name is required")]
    [TestCase("?name=app&from=soon", "a 1", 400, "from: \"soon\" is not a time (Unix seconds, ms, µs or ns, YYYYMMDD, now or now-<n><unit>)")]
    public async Task Bad_uploads_get_4xx_with_a_message(string query, string body, int status, string message)
    {
        var error = await Refusal(Request(query, null, Encoding.UTF8.GetBytes(body)));
        ConnectErrors.IngestStatusOf(error.Kind).Should().Be(status);
        error.Message.Should().Be(message);
    }

    [Test]
    public async Task Bad_pprof_bodies_get_422()
    {
        ConnectErrors.IngestStatusOf((await Refusal(Request("?name=app&format=pprof", "application/octet-stream", []), TimeProvider.System)).Kind).Should().Be(422);
        var garbage = await Refusal(Request("?name=app&format=pprof", "application/octet-stream", "definitely not a profile"u8.ToArray()), TimeProvider.System);
        ConnectErrors.IngestStatusOf(garbage.Kind).Should().Be(422);
        garbage.Message.Should().StartWith("failed to parse profile: ");
        var bomb = await Refusal(Request("?name=app&format=pprof", "application/octet-stream", GoProfiles.Gzip(new byte[50 * 1024 * 1024])), TimeProvider.System);
        bomb.Message.Should().Be("uncompressed profile payload size exceeds limit of 4.2 MB");
        var response = ConnectErrors.ToIngestResponse(bomb);
        response.Status.Should().Be(422);
        Encoding.UTF8.GetString(response.Body).Should().Be("{\"code\":\"invalid_argument\",\"message\":\"uncompressed profile payload size exceeds limit of 4.2 MB\"}");
    }

    [Test]
    public async Task A_pprof_stamped_in_1970_takes_the_upload_time()
    {
        // A profile whose time_nanos is unset gets `from`, not the ingestion-window error.
        var folded = FoldedProfileBuilder.Build("a;b 1", false, new FoldedProfileType("process_cpu", "samples", "count"), 0, 0);
        var bytes = Hotpath.Engine.Pprof.PprofWriter.Write(folded);
        var from = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeMilliseconds();
        var batch = await Parser(TimeProvider.System).ParseAsync(Request($"?name=app&format=pprof&from={from}", "application/octet-stream", bytes));
        batch.Profiles.Single().TimeNanos.Should().Be(from * 1_000_000);
    }

    [Test]
    public async Task A_name_with_a_huge_label_set_is_refused_with_the_count()
    {
        var tags = string.Join(",", Enumerable.Range(0, 5000).Select(i => $"k{i}=v{i}"));
        var error = await Refusal(Request($"?name=app{{{tags}}}", null, "a;b 1"u8.ToArray()));
        ConnectErrors.IngestStatusOf(error.Kind).Should().Be(422);
        error.Message.Should().EndWith("' has 5003 label names; limit 30");
    }

    [Test]
    public async Task An_oversized_body_is_413()
    {
        var parser = new LegacyIngestParser(Intake.Default(new FixedClock(Now), new IngestLimits { MaxRequestBytes = 10 }), new FixedClock(Now), MultipartProfile.ReadAsync);
        var act = () => parser.ParseAsync(Request("?name=app", null, "a;b;c;d;e;f 1"u8.ToArray()));
        ConnectErrors.IngestStatusOf((await act.Should().ThrowAsync<IngestException>()).Which.Kind).Should().Be(413);
    }
}
