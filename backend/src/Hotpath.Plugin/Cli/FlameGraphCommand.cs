using System.Text;
using System.Text.Json;
using Hotpath.Engine.FlameGraphs;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// <c>gpx_hotpath flamegraph [--sample-type T] [--max-nodes N] [--format flamebearer|nested] FILE...</c>:
/// all files merged into one flame graph — truncated the way a Pyroscope server does for one
/// block of data (<see cref="NestedSetFlameGraph.FromStacks"/>) — written to stdout as JSON: Pyroscope's
/// <c>querier.v1.FlameGraph</c> JSON for <c>flamebearer</c> (the default), Hotpath's nested-set
/// columns for <c>nested</c>. <c>--max-nodes</c> defaults to Pyroscope's 8192; 0 keeps every node.
/// </summary>
internal static class FlameGraphCommand
{
    public const string Usage = "usage: gpx_hotpath flamegraph [--sample-type T] [--max-nodes N] [--format flamebearer|nested] FILE...";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, StackLoaders.Files);

    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, StackLoader loader)
    {
        var options = new FlameGraphOptions();
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (options.TryConsume(args, ref i, out var error))
            {
                if (error is not null)
                {
                    return BadUsage(stderr, error);
                }
                continue;
            }
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return BadUsage(stderr, $"unknown option '{args[i]}'");
            }
            files.Add(args[i]);
        }
        if (files.Count == 0)
        {
            return BadUsage(stderr, "no profile files given");
        }

        var stacks = FlameGraphOptions.Load(loader, files, options.SampleType, "flamegraph", stderr);
        if (stacks is null)
        {
            return CommandLine.BadInput;
        }
        var graph = NestedSetFlameGraph.FromStacks([stacks], options.MaxNodes);
        using (var json = new Utf8JsonWriter(new TextWriterStream(stdout), FlameGraphJson.WriterOptions))
        {
            if (options.Nested)
            {
                FlameGraphJson.WriteNestedSet(json, graph);
            }
            else
            {
                FlameGraphJson.WriteFlamebearer(json, Flamebearer.From(graph));
            }
        }
        stdout.WriteLine();
        return CommandLine.Ok;
    }

    private static int BadUsage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"gpx_hotpath flamegraph: {message}");
        stderr.WriteLine(Usage);
        return CommandLine.BadUsage;
    }
}

/// <summary>Lets a <see cref="Utf8JsonWriter"/> write into a <see cref="TextWriter"/> (UTF-8 in, text out).</summary>
internal sealed class TextWriterStream(TextWriter writer) : Stream
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private char[] _chars = new char[4096];

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => writer.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var needed = _decoder.GetCharCount(buffer, flush: false);
        if (needed > _chars.Length)
        {
            _chars = new char[needed];
        }
        var written = _decoder.GetChars(buffer, _chars, flush: false);
        writer.Write(_chars, 0, written);
    }
}
