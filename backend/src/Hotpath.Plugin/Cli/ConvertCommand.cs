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
internal static class ConvertCommand
{
    private static readonly HashSet<string> Options = ["--to", "--sample-type"];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!CliArguments.TryParse(args, Options, out var parsed, out var error))
        {
            return CommandLine.UsageError(stderr, $"convert: {error}");
        }
        var to = parsed["--to"];
        if (to is not ("pprof" or "folded"))
        {
            return CommandLine.UsageError(stderr, to is null ? "convert: --to pprof|folded is required" : $"convert: unknown target format '{to}'");
        }
        if (parsed.Positional.Count != 2)
        {
            return CommandLine.UsageError(stderr, "convert: expected IN and OUT");
        }
        var (input, outputPath) = (parsed.Positional[0], parsed.Positional[1]);
        var sampleType = parsed["--sample-type"];
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
