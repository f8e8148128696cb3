using System.CommandLine;
using System.Text.RegularExpressions;
using Hotpath.Engine.Filters;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// The options that cut stacks before merging, shared by <c>collapsed</c>, <c>top</c>,
/// <c>flamegraph</c> and <c>diff</c>: pprof's frame filters and granularity.
/// </summary>
internal sealed class StackOptionSymbols
{
    private readonly Option<Regex?> _focus = CliSymbols.FrameFilter("focus",
        "Keep only samples with a frame whose function, file or binary name matches REGEX (go tool pprof's -focus).");

    private readonly Option<Regex?> _ignore = CliSymbols.FrameFilter("ignore",
        "Drop samples with a frame whose function, file or binary name matches REGEX (-ignore).");

    private readonly Option<Regex?> _hide = CliSymbols.FrameFilter("hide",
        "Remove frames whose function or file name (or binary) matches REGEX from the stacks (-hide).");

    private readonly Option<Regex?> _show = CliSymbols.FrameFilter("show",
        "Keep only frames whose function or file name (or binary) matches REGEX in the stacks (-show).");

    private readonly Option<Granularity> _granularity = CliSymbols.Granularity();

    public void AddTo(Command command)
    {
        command.Add(_focus);
        command.Add(_ignore);
        command.Add(_hide);
        command.Add(_show);
        command.Add(_granularity);
    }

    public StackOptions Read(ParseResult result) => new(
        new FrameFilters(result.GetValue(_focus), result.GetValue(_ignore), result.GetValue(_hide), result.GetValue(_show)),
        result.GetValue(_granularity));
}
