using Hotpath.Engine.Changes;
using Hotpath.Query.Changes;
using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Routing;

namespace Hotpath.Query.Routes;

/// <summary>A change on the wire: rates per second of each range; <c>share</c> absent when the total did not move.</summary>
public sealed record ChangeValues(double Baseline, double Comparison, double Delta, double? Share, double Noise)
{
    public static ChangeValues Of(Change c) => new(c.Baseline, c.Comparison, c.Delta, c.Share, c.Noise);
}

/// <summary>A function row: its total's change flat, its self's beside; caller and path when it stands for a call chain.</summary>
public sealed record FunctionChangeView(
    string Function, string? Caller, IReadOnlyList<string>? Path,
    double Baseline, double Comparison, double Delta, double? Share, double Noise, ChangeValues Self)
{
    public static FunctionChangeView Of(FunctionChange f) => new(
        f.Function, f.Caller, f.Path, f.Total.Baseline, f.Total.Comparison, f.Total.Delta, f.Total.Share, f.Total.Noise, ChangeValues.Of(f.Self));
}

public sealed record LabelChangeView(string Label, string Value, double Baseline, double Comparison, double Delta, double? Share, double Noise);

public sealed record PairChangeView(
    string Label, string Value, string Function, string? Caller,
    double Baseline, double Comparison, double Delta, double? Share, double Noise);

public sealed record RangeView(long From, long To);

public sealed record ChangesAnswer(
    ProfileTypeDescription ProfileType,
    RangeView BaselineRange,
    RangeView ComparisonRange,
    ChangeValues Total,
    IReadOnlyList<FunctionChangeView> Functions,
    IReadOnlyList<LabelChangeView> Labels,
    IReadOnlyList<PairChangeView> Pairs);

/// <summary>
/// <c>GET changes</c>: what changed in a selection between a baseline and a comparison range —
/// functions, label values and (label value × function) pairs ranked by the change of their cost
/// per second (see <see cref="WhatChanged"/>). The comparison is <c>from</c>/<c>to</c>; the
/// baseline <c>baselineFrom</c>/<c>baselineTo</c>, by default the same length just before it.
/// </summary>
public static class ChangesRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var q = new QueryParams(request);
        var source = q.Source();
        var profileType = q.ProfileType();
        var selector = q.Selector();
        var comparison = q.Range();
        var baseline = q.Optional("baselineFrom") is null && q.Optional("baselineTo") is null
            ? FunctionTrends.PreviousPeriod(comparison)
            : q.Range("baselineFrom", "baselineTo");
        var filters = q.FrameFilters();
        var limit = q.Int("limit", 20, 1, 100);

        var report = await WhatChanged.CompareAsync(
            new ChangeQuery(source, profileType, selector, baseline, comparison, filters, limit), cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var answer = new ChangesAnswer(
            ProfileTypeInfo.Describe(profileType),
            new RangeView(baseline.StartMs, baseline.EndMs),
            new RangeView(comparison.StartMs, comparison.EndMs),
            ChangeValues.Of(report.Total),
            [.. report.Functions.Select(FunctionChangeView.Of)],
            [.. report.Labels.Select(l => new LabelChangeView(l.Label, l.Value, l.Change.Baseline, l.Change.Comparison, l.Change.Delta, l.Change.Share, l.Change.Noise))],
            [.. report.Pairs.Select(p => new PairChangeView(p.Label, p.Value, p.Function.Function, p.Function.Caller,
                p.Function.Total.Baseline, p.Function.Total.Comparison, p.Function.Total.Delta, p.Function.Total.Share, p.Function.Total.Noise))]);
        return ResourceResponse.Json(answer, QueryJson.Wire.ChangesAnswer);
    }
}
