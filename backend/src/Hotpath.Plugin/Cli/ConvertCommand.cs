using System.CommandLine;
using System.Text;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Stacks;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// <c>convert --to pprof|folded [--sample-type T] IN OUT</c>. pprof to pprof re-encodes the whole
/// profile (every sample type and field); folded to pprof makes a <c>samples/count</c> profile.
/// </summary>
internal sealed class ConvertCommand : CliCommand
{
    private readonly Option<string> _to = new("--to")
    {
        HelpName = "pprof|folded",
        Description = "The format of OUT: pprof (gzip-compressed) or folded text.",
        Required = true,
        CustomParser = result =>
        {
            var text = CliSymbols.Value(result);
            if (text is not ("pprof" or "folded"))
            {
                result.AddError($"unknown target format '{text}' (--to takes pprof or folded)");
            }
            return text;
        },
    };

    private readonly Option<string> _sampleType = CliSymbols.SampleType();
    private readonly Argument<string> _input = new("IN") { Description = "The profile to convert: pprof or folded text." };
    private readonly Argument<string> _output = new("OUT") { Description = "The file to write (replaced if it exists)." };

    public ConvertCommand()
        : base("convert",
            "Converts a profile between pprof and folded stacks.",
            "pprof to folded writes what collapsed writes; folded to pprof makes a samples/count profile; pprof to pprof re-encodes the whole profile (every sample type and field) unless --sample-type asks for a merged single-type profile.")
    {
        Add(_to);
        Add(_sampleType);
        Add(_input);
        Add(_output);
        SetAction(result => Run(result.GetValue(_to)!, result.GetValue(_sampleType), result.GetValue(_input)!, result.GetValue(_output)!,
            result.InvocationConfiguration.Error));
    }

    public override string? Check(ParseResult result) =>
        !result.Given(_to) ? "--to pprof|folded is required"
        : result.Count(_input) == 0 || result.Count(_output) == 0 ? "expected IN and OUT"
        : null;

    private static int Run(string to, string? sampleType, string input, string outputPath, TextWriter stderr)
    {
        try
        {
            byte[] bytes;
            if (to == "folded")
            {
                var (stacks, _, _) = ProfileInputs.Merge([input], sampleType);
                var text = new StringWriter { NewLine = "\n" };
                FoldedFormat.Write(stacks, text);
                bytes = new UTF8Encoding(false).GetBytes(text.ToString());
            }
            else
            {
                var loaded = ProfileInputs.Load(input, new NameTable());
                if (loaded.Profile is not null && sampleType is null)
                {
                    bytes = PprofWriter.Write(loaded.Profile);
                }
                else
                {
                    var (stacks, first, index) = ProfileInputs.Merge([input], sampleType);
                    var header = first?.Profile is { } p
                        ? new MergedProfileHeader(p.SampleTypeName(index), p.SampleTypeUnit(index))
                        {
                            PeriodType = p.Strings[p.PeriodType.Type],
                            PeriodUnit = p.Strings[p.PeriodType.Unit],
                            Period = p.Period,
                            TimeNanos = p.TimeNanos,
                            DurationNanos = p.DurationNanos,
                        }
                        : new MergedProfileHeader("samples", "count");
                    bytes = PprofWriter.Write(MergedProfile.Build(stacks, header));
                }
            }
            try
            {
                File.WriteAllBytes(outputPath, bytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return CommandLine.InputError(stderr, $"{outputPath}: cannot write: {e.Message}");
            }
            return CommandLine.Ok;
        }
        catch (InputException e)
        {
            return CommandLine.InputError(stderr, e.Message);
        }
    }
}
