using Hotpath.Engine.Diff;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using Hotpath.Query.Sources;

namespace Hotpath.Plugin.Pyroscope.Endpoints;

/// <summary>Engine and application values as Pyroscope's wire messages: copying only, no computation.</summary>
internal static class WireConvert
{
    public static ProfileType ToWire(ProfileTypeId id) => new()
    {
        ID = id.ToString(),
        Name = id.Name,
        SampleType = id.SampleType,
        SampleUnit = id.SampleUnit,
        PeriodType = id.PeriodType,
        PeriodUnit = id.PeriodUnit,
    };

    public static IEnumerable<LabelPair> ToWire(SeriesLabels labels) =>
        labels.Pairs.Select(p => new LabelPair { Name = p.Key, Value = p.Value });

    public static Series ToWire(SeriesData series)
    {
        var wire = new Series();
        wire.Labels.AddRange(ToWire(series.Labels));
        for (var i = 0; i < series.TimestampsMs.Length; i++)
        {
            wire.Points.Add(new Point { Timestamp = series.TimestampsMs[i], Value = series.Values[i] });
        }
        return wire;
    }

    public static FlameGraph ToWire(Flamebearer flame)
    {
        var wire = new FlameGraph { Total = flame.Total, MaxSelf = flame.MaxSelf };
        wire.Names.AddRange(flame.Names);
        foreach (var level in flame.Levels)
        {
            var l = new Level();
            l.Values.AddRange(level);
            wire.Levels.Add(l);
        }
        return wire;
    }

    public static FlameGraphDiff ToWire(DiffFlamebearer flame)
    {
        var wire = new FlameGraphDiff { Total = flame.Total, MaxSelf = flame.MaxSelf, LeftTicks = flame.LeftTicks, RightTicks = flame.RightTicks };
        wire.Names.AddRange(flame.Names);
        foreach (var level in flame.Levels)
        {
            var l = new Level();
            l.Values.AddRange(level);
            wire.Levels.Add(l);
        }
        return wire;
    }

    /// <summary>The engine's pprof encoding read back as the wire message (so JSON answers get the same fields).</summary>
    public static Wire.Pprof.Profile ToWire(Profile profile) => Wire.Pprof.Profile.Parser.ParseFrom(PprofWriter.Encode(profile));
}
