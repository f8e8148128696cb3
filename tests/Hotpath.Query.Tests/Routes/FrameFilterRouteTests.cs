using FluentAssertions;
using Hotpath.Engine.Filters;
using Hotpath.Engine.Folded;
using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Stacks;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;
using static Hotpath.Query.Tests.Routes.Support.RouteCalls;

namespace Hotpath.Query.Tests.Routes;

/// <summary>
/// <c>focus</c>, <c>ignore</c>, <c>hide</c>, <c>show</c> on the graph routes: the answers are those
/// of the engine's filter over the source's merged stacks, and a bad pattern is a 400 naming its parameter.
/// </summary>
public class FrameFilterRouteTests : DemoStoreRoutes
{
    private const string Checkout = "{service_name=\"checkout\"}";

    private Task<StackSet> MergeAsync() => Demo.Store.MergeStacksAsync(DemoStore.GoCpu, Checkout, LastHour);

    private static string Query(string extra) =>
        $"profileType={Q(DemoStore.GoCpu)}&selector={Q(Checkout)}&from={LastHour.StartMs}&to={LastHour.EndMs}{extra}";

    /// <summary>A frame of the selection that is not a root, so hiding it changes stacks without emptying them.</summary>
    private async Task<string> InnerFrameAsync()
    {
        var stacks = await MergeAsync();
        return stacks.Names[stacks.FramesOf(0)[^1]];
    }

    [Test]
    public async Task Flamegraph_functions_are_the_engine_table_of_the_filtered_stacks()
    {
        var hide = "^" + System.Text.RegularExpressions.Regex.Escape(await InnerFrameAsync()) + "$";
        var filters = FrameFilters.Parse(null, null, hide, null);
        var expected = FunctionTable.Build(StackFilter.Apply(await MergeAsync(), filters)).SortedBySelf();
        expected.Should().NotBeEmpty();

        var response = await GetAsync(Demo.Instance, "flamegraph", Query($"&hide={Q(hide)}"));

        response.Status.Should().Be(200, Text(response));
        var functions = Json(response).GetProperty("functions");
        functions.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("name").GetString()).Should()
            .Equal(expected.Select(f => f.Name)).And.NotContain(await InnerFrameAsync());
    }

    [Test]
    public async Task Export_folded_is_the_filtered_stacks_and_diff_and_sandwich_filter_both_sides()
    {
        var focus = System.Text.RegularExpressions.Regex.Escape(await InnerFrameAsync());
        var filtered = StackFilter.Apply(await MergeAsync(), FrameFilters.Parse(focus, null, null, null));
        var export = await GetAsync(Demo.Instance, "export", Query($"&format=folded&focus={Q(focus)}"));
        export.Status.Should().Be(200, Text(export));
        Text(export).Should().Be(string.Concat(FoldedFormat.Lines(filtered).Select(l => l + "\n")));

        var total = filtered.Values.ToArray().Sum();
        var diff = await GetAsync(Demo.Instance, "diff",
            $"profileType={Q(DemoStore.GoCpu)}&baselineSelector={Q(Checkout)}&comparisonSelector={Q(Checkout)}"
            + $"&baselineFrom={LastHour.StartMs}&baselineTo={LastHour.EndMs}&comparisonFrom={LastHour.StartMs}&comparisonTo={LastHour.EndMs}&focus={Q(focus)}");
        diff.Status.Should().Be(200, Text(diff));
        Json(diff).GetProperty("functions").GetProperty("baselineTotal").GetInt64().Should().Be(total);
        Json(diff).GetProperty("functions").GetProperty("comparisonTotal").GetInt64().Should().Be(total);

        var sandwich = await GetAsync(Demo.Instance, "sandwich", Query($"&function={Q(await InnerFrameAsync())}&ignore={Q(focus)}"));
        sandwich.Status.Should().Be(400, "ignoring the function leaves no stack with it");
        Message(sandwich).Should().Contain("parameter 'function'");
    }

    [TestCase("flamegraph", "focus", "(")]
    [TestCase("sandwich", "ignore", "a[")]
    [TestCase("diff", "hide", @"(a)\1")]
    [TestCase("export", "show", "(?<=x)y")]
    public async Task A_bad_pattern_is_400_naming_the_parameter(string route, string parameter, string pattern)
    {
        var response = await GetAsync(Demo.Instance, route, Query($"&function=main&{parameter}={Q(pattern)}"));

        response.Status.Should().Be(400);
        Message(response).Should().StartWith($"parameter '{parameter}': ");
    }

    [Test]
    public async Task A_pattern_over_the_length_limit_is_400()
    {
        var response = await GetAsync(Demo.Instance, "flamegraph", Query($"&focus={new string('a', FrameRegex.MaxLength + 1)}"));

        response.Status.Should().Be(400);
        Message(response).Should().Be($"parameter 'focus': the regular expression is {FrameRegex.MaxLength + 1} characters long, over the limit of {FrameRegex.MaxLength}");
    }
}
