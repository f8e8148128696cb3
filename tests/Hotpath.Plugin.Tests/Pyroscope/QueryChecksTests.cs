using System.Text;
using FluentAssertions;
using Hotpath.Engine.Errors;
using Hotpath.Plugin.Pyroscope.Connect;
using Hotpath.Plugin.Pyroscope.Endpoints;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using Hotpath.Query.Querier;
using Hotpath.Query.Routing;
using Hotpath.Query.Sources;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Pyroscope;

public sealed class QueryChecksTests
{
    private const string Cpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";

    private static string Refusal(Action act) =>
        act.Should().Throw<ResourceError>().Where(e => e.Kind == ErrorKind.BadRequest).Which.Message;

    [Test]
    public void A_json_merge_request_as_grafana_sends_it_is_checked_and_normalised()
    {
        var json = "{\"profileTypeID\":\"" + Cpu + "\",\"labelSelector\":\"{service_name=\\\"shop\\\"}\",\"start\":\"1700000000000\",\"end\":\"1700003600000\","
            + "\"maxNodes\":\"16384\",\"stackTraceSelector\":{\"callSite\":[{\"name\":\"main\"},{\"name\":\"work\"}]}}";
        var request = ConnectCodec.Decode(new ConnectRequest("application/json", null, "1", Encoding.UTF8.GetBytes(json)), ConnectFormat.Json, SelectMergeStacktracesRequest.Parser, ConnectLimits.Default);
        var query = QueryChecks.Merge(QuerierEndpoints.Input(request));
        query.ProfileType.ToString().Should().Be(Cpu);
        query.LabelSelector.Should().Be("{service_name=\"shop\"}");
        (query.StartMs, query.EndMs).Should().Be((1700000000000, 1700003600000));
        query.MaxNodes.Should().Be(16384);
        query.Format.Should().Be(MergeFormat.Flamegraph);
        query.CallSite.Should().Equal("main", "work");
    }

    [Test]
    public void Time_ranges_are_required_and_ordered_except_for_profile_types()
    {
        Refusal(() => QueryChecks.TimeRange(0, 5)).Should().Be("missing time range in the query");
        Refusal(() => QueryChecks.TimeRange(5, 0)).Should().Be("missing time range in the query");
        Refusal(() => QueryChecks.TimeRange(6, 5)).Should().Be("query start time is after end time");
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        QueryChecks.TimeRangeOrLastHour(0, 0, clock).Should().Be((1_700_000_000_000 - 3_600_000, 1_700_000_000_000));
    }

    [TestCase("process_cpu:cpu:nanoseconds", 3)]
    [TestCase("", 1)]
    [TestCase("a:b:c:d:e:f:g", 7)]
    public void Profile_type_ids_must_have_five_or_six_parts(string id, int parts)
    {
        Refusal(() => QueryChecks.ProfileType(id)).Should().Be(
            $"profile-type selection must be of the form <name>:<sample-type>:<sample-unit>:<period-type>:<period-unit>(:delta), got({parts}): \"{id}\"");
        QueryChecks.ProfileType(Cpu + ":delta").ToString().Should().Be(Cpu);
    }

    [Test]
    public void Max_nodes_defaults_and_limits_follow_pyroscope()
    {
        QueryChecks.MaxNodes(null).Should().Be(8192);
        QueryChecks.MaxNodes(0).Should().Be(8192);
        QueryChecks.MaxNodes(1 << 20).Should().Be(1 << 20);
        Refusal(() => QueryChecks.MaxNodes((1 << 20) + 1)).Should().Be("max flamegraph nodes limit 1048577 is greater than allowed 1048576");
        Refusal(() => QueryChecks.MaxNodes(-1)).Should().Be("max flamegraph nodes limit must be set (max allowed 1048576)");
    }

    [Test]
    public void Series_requests_need_a_step_of_at_least_a_millisecond()
    {
        var request = new SelectSeriesRequest { ProfileTypeID = Cpu, LabelSelector = "{}", Start = 1, End = 2, Step = 15, GroupBy = { "region" }, Limit = 5 };
        var query = QueryChecks.Series(QuerierEndpoints.Input(request));
        query.StepMs.Should().Be(15_000);
        query.GroupBy.Should().Equal("region");
        query.Limit.Should().Be(5);
        query.Aggregation.Should().Be(SeriesAggregationKind.Sum);
        query.CallSite.Should().BeEmpty();
        request.StackTraceSelector = new StackTraceSelector { CallSite = { new Location { Name = "main" }, new Location { Name = "serve" } } };
        QueryChecks.Series(QuerierEndpoints.Input(request)).CallSite.Should().Equal("main", "serve");
        Refusal(() => QueryChecks.Series(QuerierEndpoints.Input(new SelectSeriesRequest { ProfileTypeID = Cpu, Start = 1, End = 2, Step = 0.0005 }))).Should().Be("step must be >= 1ms");
        Refusal(() => QueryChecks.Series(QuerierEndpoints.Input(new SelectSeriesRequest { ProfileTypeID = Cpu, Start = 1, End = 2 }))).Should().Be("step must be >= 1ms");
    }

    [Test]
    public void Span_and_trace_selectors_are_checked()
    {
        QueryChecks.SpanAndTraceSelectors(["00ff00ff00ff00ff"], []);
        Refusal(() => QueryChecks.SpanAndTraceSelectors(["00ff"], [])).Should().Be("invalid span id length: \"00ff\"");
        Refusal(() => QueryChecks.SpanAndTraceSelectors([], ["abc"])).Should().Be("invalid trace id length: \"abc\"");
        Refusal(() => QueryChecks.SpanAndTraceSelectors(["00ff00ff00ff00ff"], [new string('a', 32)])).Should().Be("span_selector and trace_id_selector cannot be combined");
    }

    [Test]
    public void Diff_uses_the_larger_node_limit_on_both_sides()
    {
        var left = new SelectMergeStacktracesRequest { ProfileTypeID = Cpu, LabelSelector = "{}", Start = 1, End = 2, MaxNodes = 100 };
        var right = new SelectMergeStacktracesRequest { ProfileTypeID = Cpu, LabelSelector = "{}", Start = 3, End = 4, MaxNodes = 300 };
        var (l, r) = QueryChecks.Diff(QuerierEndpoints.Input(left), QuerierEndpoints.Input(right));
        (l.MaxNodes, r.MaxNodes).Should().Be((300, 300));
        (r.StartMs, r.EndMs).Should().Be((3, 4));
        Refusal(() => QueryChecks.Diff(QuerierEndpoints.Input(left), null)).Should().Be("left and right queries are required");
    }

    [Test]
    public void Select_merge_profile_is_untruncated_by_default_and_label_values_need_a_name()
    {
        QueryChecks.MergeProfile(QuerierEndpoints.Input(new SelectMergeProfileRequest { ProfileTypeID = Cpu, Start = 1, End = 2 })).MaxNodes.Should().Be(0);
        QueryChecks.MergeProfile(QuerierEndpoints.Input(new SelectMergeProfileRequest { ProfileTypeID = Cpu, Start = 1, End = 2, MaxNodes = 10 })).MaxNodes.Should().Be(10);
        Refusal(() => QueryChecks.LabelName("")).Should().Be("name is required");
    }
}
