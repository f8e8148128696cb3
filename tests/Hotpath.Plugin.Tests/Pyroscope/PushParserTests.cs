using System.Text;
using FluentAssertions;
using Google.Protobuf;
using Grpc.Core;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Plugin.Pyroscope.Connect;
using Hotpath.Plugin.Pyroscope.Http;
using Hotpath.Plugin.Pyroscope.Wire.Push;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using Hotpath.Query.Ingest;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Pyroscope;

/// <summary>Push requests carrying profiles made now by Go's runtime/pprof.</summary>
[NonParallelizable]
public sealed class PushParserTests
{
    private static PushRequest Request(byte[] profile, params (string Name, string Value)[] labels)
    {
        var series = new RawProfileSeries { Samples = { new RawSample { RawProfile = ByteString.CopyFrom(profile), ID = "6b1b3a2e-2b4f-4c8e-9a51-0d3d2b7e9f10" } } };
        series.Labels.AddRange(labels.Select(l => new LabelPair { Name = l.Name, Value = l.Value }));
        return new PushRequest { Series = { series } };
    }

    private static PushParser Parser(TimeProvider? clock = null, IngestLimits? limits = null) => new(Intake.Default(clock, limits));

    private static ConnectException Refusal(PushRequest push, TimeProvider? clock = null, IngestLimits? limits = null)
    {
        var request = new ConnectRequest("application/proto", null, "1", push.ToByteArray());
        var act = () => Parser(clock, limits).Parse(request);
        return act.Should().Throw<ConnectException>().Which;
    }

    [Test]
    public void A_binary_push_of_a_go_cpu_profile_yields_the_profile_under_sorted_labels()
    {
        var push = Request(GoProfiles.Cpu, ("service_name", "checkout"), ("__name__", "process_cpu"), ("region", "eu-north"));
        var batch = Parser().Parse(new ConnectRequest("application/proto", null, "1", push.ToByteArray()));

        var profile = batch.Profiles.Should().ContainSingle().Which;
        profile.Labels.Select(l => l.Key).Should().Equal("__name__", "region", "service_name");
        profile.Label("service_name").Should().Be("checkout");
        profile.Id.Should().Be("6b1b3a2e-2b4f-4c8e-9a51-0d3d2b7e9f10");
        ProfileTypeMapping.All(profile.Profile, profile.Label("__name__")).Select(t => t.ToString()).Should()
            .Equal("process_cpu:samples:count:cpu:nanoseconds", "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        profile.Pprof.ToArray().Should().Equal(GoProfiles.Gunzip(GoProfiles.Cpu), "the store gets the uncompressed pprof");
        profile.TimeNanos.Should().Be(profile.Profile.TimeNanos).And.BeGreaterThan(0);
        var reference = PprofReader.Read(GoProfiles.Cpu, "cpu");
        profile.Profile.SampleValues.Should().Equal(reference.SampleValues);
    }

    [Test]
    public void A_json_push_with_base64_profiles_and_a_gzip_body_gives_the_same_batch()
    {
        var push = Request(GoProfiles.Heap, ("__name__", "memory"), ("service_name", "cart"));
        var json = JsonFormatter.Default.Format(push);
        json.Should().Contain("\"rawProfile\"");
        var body = GoProfiles.Gzip(Encoding.UTF8.GetBytes(json));

        var batch = Parser().Parse(new ConnectRequest("application/json", "gzip", null, body));
        var binary = Parser().Parse(new ConnectRequest("application/proto", null, null, push.ToByteArray()));

        batch.Profiles.Single().Pprof.ToArray().Should().Equal(binary.Profiles.Single().Pprof.ToArray());
        batch.Profiles.Single().Labels.Should().Equal(binary.Profiles.Single().Labels);
        ProfileTypeMapping.All(batch.Profiles.Single().Profile, "memory").Select(t => t.ToString()).Should()
            .Contain("memory:inuse_space:bytes:space:bytes");
    }

    [Test]
    public void An_uncompressed_raw_profile_is_accepted_and_several_series_yield_several_profiles()
    {
        var push = Request(GoProfiles.Gunzip(GoProfiles.Cpu), ("__name__", "process_cpu"), ("service_name", "a"));
        push.Series.Add(Request(GoProfiles.Heap, ("__name__", "memory"), ("service_name", "b")).Series[0]);
        var batch = Parser().Parse(push);
        batch.Profiles.Select(p => p.Label("service_name")).Should().Equal("a", "b");
    }

    [Test]
    public void A_missing_service_name_becomes_unknown_service_as_in_pyroscope()
    {
        var batch = Parser().Parse(Request(GoProfiles.Cpu, ("__name__", "process_cpu")));
        batch.Profiles.Single().Label("service_name").Should().Be("unknown_service");
    }

    [Test]
    public void A_missing_metric_name_is_refused()
    {
        var error = Refusal(Request(GoProfiles.Cpu, ("service_name", "checkout")));
        error.Code.Should().Be(StatusCode.InvalidArgument);
        error.Message.Should().Be("invalid labels '{service_name=\"checkout\"}' with error: invalid metric name");
    }

    [Test]
    public void An_empty_service_name_is_refused()
    {
        var error = Refusal(Request(GoProfiles.Cpu, ("__name__", "process_cpu"), ("service_name", "")));
        error.Message.Should().Be("invalid labels '{__name__=\"process_cpu\", service_name=\"\"}' with error: service name is not provided");
    }

    [Test]
    public void Garbage_protobuf_in_the_request_is_refused()
    {
        var act = () => Parser().Parse(new ConnectRequest("application/proto", null, null, Encoding.ASCII.GetBytes("this is not a push request at all")));
        act.Should().Throw<ConnectException>().Where(e => e.Code == StatusCode.InvalidArgument && e.Message.StartsWith("unmarshal into push.v1.PushRequest"));
    }

    [Test]
    public void A_raw_profile_that_is_not_pprof_is_refused()
    {
        var garbage = new byte[] { 0x0a, 0x05, 0x08, 0x01, 0x10, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
        var error = Refusal(Request(garbage, ("__name__", "process_cpu"), ("service_name", "x")));
        error.Code.Should().Be(StatusCode.InvalidArgument);
        error.Message.Should().StartWith("failed to parse profile: ");
    }

    [Test]
    public void A_corrupt_gzip_raw_profile_is_refused()
    {
        var corrupt = (byte[])GoProfiles.Cpu.Clone();
        for (var i = 20; i < 60; i++)
        {
            corrupt[i] ^= 0x5a;
        }
        var error = Refusal(Request(corrupt, ("__name__", "process_cpu"), ("service_name", "x")));
        error.Message.Should().StartWith("failed to decompress profile: ");
    }

    [Test]
    public void A_truncated_gzip_raw_profile_is_refused()
    {
        var cut = GoProfiles.Cpu[..(GoProfiles.Cpu.Length / 2)];
        var error = Refusal(Request(cut, ("__name__", "process_cpu"), ("service_name", "x")));
        error.Message.Should().StartWith("failed to decompress profile: ");
    }

    [Test]
    public void A_decompression_bomb_is_refused_with_pyroscopes_message()
    {
        var bomb = GoProfiles.Gzip(new byte[100 * 1024 * 1024]);
        var error = Refusal(Request(bomb, ("__name__", "process_cpu"), ("service_name", "x")));
        error.Message.Should().Be("uncompressed profile payload size exceeds limit of 4.2 MB");
    }

    [Test]
    public void An_uncompressed_profile_over_the_size_limit_is_refused()
    {
        var raw = GoProfiles.Gunzip(GoProfiles.Cpu);
        var limits = new IngestLimits { MaxProfileSizeBytes = raw.Length - 1 };
        var error = Refusal(Request(raw, ("__name__", "process_cpu"), ("service_name", "x")), limits: limits);
        error.Message.Should().Be($"the profile exceeds the size limit (max_profile_size_byte, actual: {raw.Length}, limit: {raw.Length - 1})");
    }

    [Test]
    public void Too_many_labels_are_refused_with_the_count()
    {
        var labels = new List<(string, string)> { ("__name__", "process_cpu"), ("service_name", "x") };
        labels.AddRange(Enumerable.Range(0, 40).Select(i => ($"label_{i:D2}", "v")));
        var error = Refusal(Request(GoProfiles.Cpu, [.. labels]));
        error.Message.Should().StartWith("profile series '{__name__=\"process_cpu\", label_00=\"v\"").And.EndWith("' has 42 label names; limit 30");
    }

    [Test]
    public void A_huge_label_set_is_refused_without_trouble()
    {
        var labels = Enumerable.Range(0, 20_000).Select(i => ($"k{i}", new string('v', 100))).Append(("__name__", "process_cpu")).ToArray();
        var error = Refusal(Request(GoProfiles.Cpu, labels));
        error.Message.Should().Contain("has 20002 label names; limit 30");
    }

    [Test]
    public void Label_names_and_values_over_their_length_limits_are_refused()
    {
        var longName = new string('n', 1025);
        Refusal(Request(GoProfiles.Cpu, ("__name__", "process_cpu"), ("service_name", "x"), (longName, "v")))
            .Message.Should().EndWith($"has label name too long: '{longName}'");
        var longValue = new string('v', 2049);
        Refusal(Request(GoProfiles.Cpu, ("__name__", "process_cpu"), ("service_name", "x"), ("pod", longValue)))
            .Message.Should().EndWith($"has label value too long: '{longValue}'");
    }

    [Test]
    public void Duplicate_and_empty_label_names_are_refused()
    {
        Refusal(Request(GoProfiles.Cpu, ("__name__", "process_cpu"), ("service_name", "x"), ("pod", "a"), ("pod", "b")))
            .Message.Should().Be("profile with labels '{__name__=\"process_cpu\", pod=\"a\", pod=\"b\", service_name=\"x\"}' has duplicate label name: 'pod'");
        Refusal(Request(GoProfiles.Cpu, ("__name__", "process_cpu"), ("service_name", "x"), ("", "b")))
            .Message.Should().EndWith("with error: invalid label name ''");
    }

    [Test]
    public void Profiles_outside_the_ingestion_window_are_refused()
    {
        var stamped = PprofReader.Read(GoProfiles.Cpu, "cpu").TimeNanos;
        var push = Request(GoProfiles.Cpu, ("__name__", "process_cpu"), ("service_name", "x"));

        var later = FixedClock.At(stamped + 2L * 3600 * 1_000_000_000);
        Refusal(push, later).Message.Should().MatchRegex(
            @"^profile with labels '\{__name__=""process_cpu"", service_name=""x""\}' is outside of ingestion window \(profile timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC, the ingestion window starts at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC\)$");

        var earlier = FixedClock.At(stamped - 11L * 60 * 1_000_000_000);
        Refusal(push, earlier).Message.Should().Contain("the ingestion window ends at ");

        var inside = FixedClock.At(stamped + 30L * 60 * 1_000_000_000);
        Parser(inside).Parse(push).Profiles.Should().ContainSingle();
    }

    [Test]
    public void The_sample_count_limit_applies()
    {
        var samples = PprofReader.Read(GoProfiles.Cpu, "cpu").SampleCount;
        var limits = new IngestLimits { MaxProfileSamples = samples - 1 };
        Refusal(Request(GoProfiles.Cpu, ("__name__", "process_cpu"), ("service_name", "x")), limits: limits).Message.Should()
            .Be($"the profile with labels '{{__name__=\"process_cpu\", service_name=\"x\"}}' exceeds the samples count limit (max_profile_stacktrace_samples, actual: {samples}, limit: {samples - 1})");
    }

    [Test]
    public void The_sample_labels_limit_applies_to_real_pprof_labels()
    {
        // The Go workload labels its samples with kind=foreground|background: one label each.
        var error = Refusal(Request(GoProfiles.Cpu, ("__name__", "process_cpu"), ("service_name", "x")), limits: new IngestLimits { MaxSampleLabels = 0 });
        error.Message.Should().Be("the profile with labels '{__name__=\"process_cpu\", service_name=\"x\"}' exceeds the sample labels limit (max_profile_stacktrace_sample_labels, actual: 1, limit: 0)");
    }

    [Test]
    public void A_json_push_with_bad_base64_is_refused()
    {
        var body = "{\"series\":[{\"labels\":[{\"name\":\"service_name\",\"value\":\"x\"}],\"samples\":[{\"rawProfile\":\"***not base64***\"}]}]}";
        var act = () => Parser().Parse(new ConnectRequest("application/json", null, null, Encoding.UTF8.GetBytes(body)));
        act.Should().Throw<ConnectException>().Where(e => e.Code == StatusCode.InvalidArgument && e.Message.StartsWith("unmarshal into push.v1.PushRequest: "));
    }

    [Test]
    public void One_bad_profile_refuses_the_whole_request()
    {
        var push = Request(GoProfiles.Cpu, ("__name__", "process_cpu"), ("service_name", "good"));
        push.Series.Add(Request([1, 2, 3], ("__name__", "process_cpu"), ("service_name", "bad")).Series[0]);
        var act = () => Parser().Parse(push);
        act.Should().Throw<IngestException>();
    }

    [Test]
    public void Go_time_and_byte_texts_match_pyroscopes_messages()
    {
        var instant = DateTimeOffset.Parse("2023-02-17T13:13:14Z").ToUnixTimeMilliseconds() * 1_000_000L;
        GoText.Time(instant).Should().Be("2023-02-17 13:13:14 +0000 UTC");
        GoText.Time(instant + 500_000_000).Should().Be("2023-02-17 13:13:14.5 +0000 UTC");
        GoText.HumanBytes(4194304).Should().Be("4.2 MB");
        GoText.HumanBytes(268435456).Should().Be("268 MB");
    }
}
