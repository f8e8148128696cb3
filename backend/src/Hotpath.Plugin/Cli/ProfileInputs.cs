using System.Text;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Stacks;

namespace Hotpath.Plugin.Cli;

/// <summary>A file given on the command line: a pprof profile, or folded stacks.</summary>
internal sealed record ProfileInput(string Path, Profile? Profile, StackSet? Folded);

/// <summary>Reads command-line inputs and merges them; every failure is an <see cref="InputException"/> naming the file.</summary>
internal static class ProfileInputs
{
    public static ProfileInput Load(string path, NameTable names)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read: {e.Message}");
        }
        try
        {
            var head = Decompression.Peek(bytes, 64);
            if (IsUtf16(head) || PprofReader.LooksLikeText(head))
            {
                var message = Decompression.Inflate(bytes, path, PprofReadOptions.DefaultMaxDecompressedBytes);
                var builder = new StackSetBuilder(names);
                Engine.Folded.FoldedFormat.Read(DecodeText(message.Span), path, builder);
                return new ProfileInput(path, null, builder.Stacks);
            }
            return new ProfileInput(path, PprofReader.Read(bytes, path), null);
        }
        catch (PprofFormatException e)
        {
            throw new InputException(e.Message);
        }
        catch (FormatException e)
        {
            throw new InputException(e.Message);
        }
    }

    /// <summary>
    /// Merges the inputs' samples of one sample type. With no name, the first pprof input's default
    /// type is used and looked up by name in the others.
    /// </summary>
    public static (StackSet Stacks, ProfileInput? FirstProfile, int SampleType) Merge(IReadOnlyList<string> paths, string? sampleType)
    {
        var merger = new ProfileMerger();
        ProfileInput? first = null;
        var firstIndex = -1;
        // Files are read and decoded a few at a time in parallel and merged in command-line order,
        // so output and error messages do not depend on scheduling and memory stays bounded.
        var window = Math.Max(1, Environment.ProcessorCount);
        for (var start = 0; start < paths.Count; start += window)
        {
            var count = Math.Min(window, paths.Count - start);
            var loaded = new ProfileInput?[count];
            var errors = new InputException?[count];
            var folded = new NameTable[count];
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = window }, i =>
            {
                folded[i] = new NameTable();
                try
                {
                    loaded[i] = Load(paths[start + i], folded[i]);
                }
                catch (InputException e)
                {
                    errors[i] = e;
                }
            });
            for (var i = 0; i < count; i++)
            {
                if (errors[i] is { } error)
                {
                    throw error;
                }
                var input = loaded[i]!;
                if (input.Folded is not null)
                {
                    merger.Add(input.Folded);
                    continue;
                }
                var profile = input.Profile!;
                int index;
                try
                {
                    index = SampleTypeChoice.Resolve(profile, sampleType, input.Path);
                }
                catch (PprofFormatException e)
                {
                    throw new InputException(e.Message);
                }
                if (first is null)
                {
                    first = input;
                    firstIndex = index;
                    sampleType ??= profile.SampleTypeName(index);
                }
                merger.Add(profile, index);
                loaded[i] = null;
            }
        }
        return (merger.Stacks, first, firstIndex);
    }

    private static bool IsUtf16(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

    // Folded files come as UTF-8 (with or without BOM) or, from some Windows tools, UTF-16 with BOM.
    private static string DecodeText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }
        return Encoding.UTF8.GetString(bytes);
    }
}

/// <summary>Bad input; the message is the one line to print (file and reason).</summary>
internal sealed class InputException(string message) : Exception(message);
