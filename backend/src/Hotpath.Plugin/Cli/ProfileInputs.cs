using Hotpath.Engine.Filters;
using Hotpath.Engine.Inputs;
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
            var loaded = ProfileBytes.Load(bytes, path, names);
            return new ProfileInput(path, loaded.Pprof, loaded.Folded);
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
    /// type is used and looked up by name in the others. Each input's stacks are cut by
    /// <paramref name="options"/> before merging (pprof filters, then granularity; folded input has
    /// function names only, so it takes filters but no other granularity).
    /// </summary>
    /// <remarks>
    /// The first input is read alone (it fixes the sample type); the rest are read and merged by one
    /// worker per core, each into its own stacks, which are combined at the end. Values are integer
    /// sums and every output is sorted, so the result does not depend on scheduling; when inputs are
    /// bad, the error reported is the one of the earliest file on the command line.
    /// </remarks>
    public static (StackSet Stacks, ProfileInput? FirstProfile, int SampleType) Merge(IReadOnlyList<string> paths, string? sampleType, StackOptions? options = null)
    {
        options ??= StackOptions.Default;
        var result = new ProfileMerger();
        var first = Load(paths[0], result.Names);
        var firstIndex = -1;
        if (first.Folded is not null)
        {
            result.Add(Cut(first, options));
        }
        else
        {
            firstIndex = Resolve(first, sampleType);
            sampleType ??= first.Profile!.SampleTypeName(firstIndex);
            try
            {
                result.Add(ProfileFilter.Apply(first.Profile!, options), firstIndex, first.Path);
            }
            catch (PprofFormatException e)
            {
                throw new InputException(e.Message);
            }
        }

        var workers = Math.Clamp(Environment.ProcessorCount, 1, Math.Max(1, paths.Count - 1));
        var partial = new ProfileMerger[workers];
        var errors = new InputException?[paths.Count];
        var next = 0;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var merger = partial[w] = new ProfileMerger();
            int i;
            while ((i = Interlocked.Increment(ref next)) < paths.Count)
            {
                try
                {
                    LoadInto(merger, paths[i], sampleType, options);
                }
                catch (InputException e)
                {
                    errors[i] = e;
                }
                catch (PprofFormatException e)
                {
                    errors[i] = new InputException(e.Message);
                }
                // After LoadInto has returned, nothing refers to the file's decoded profile.
                ReclaimDecodedProfile();
            }
        });
        if (errors.FirstOrDefault(e => e is not null) is { } error)
        {
            throw error;
        }
        foreach (var merger in partial)
        {
            result.Add(merger.Stacks);
        }
        return (result.Stacks, first.Profile is null ? null : first, firstIndex);
    }

    // Not inlined: the decoded profile must be out of scope (not a live local of the caller) when
    // ReclaimDecodedProfile runs.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void LoadInto(ProfileMerger merger, string path, string? sampleType, StackOptions options)
    {
        var input = Load(path, merger.Names);
        if (input.Folded is not null)
        {
            merger.Add(Cut(input, options));
        }
        else
        {
            merger.Add(ProfileFilter.Apply(input.Profile!, options), Resolve(input, sampleType), input.Path);
        }
    }

    /// <summary>
    /// A decoded profile is megabytes of arrays on the large-object heap that are garbage once
    /// merged. Left to its budget, the GC collects that heap rarely, so each file's arrays land on
    /// pages the process has never touched, and the kernel's page faults cost more CPU than decoding
    /// (perf: ≈ 40,000 faults for 50 heap profiles). A full, non-compacting collection after each
    /// file lets the next one reuse the same pages. Its cost is marking what is live (the merged
    /// stacks and names, small next to the profiles), measured in docs/performance.md.
    /// </summary>
    private static void ReclaimDecodedProfile() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);

    /// <summary>A folded input's stacks after the frame filters; a granularity other than functions needs file names it does not have.</summary>
    private static StackSet Cut(ProfileInput input, StackOptions options)
    {
        if (options.Granularity != Granularity.Functions)
        {
            throw new InputException($"{input.Path}: folded stacks have function names only; --granularity {options.Granularity.Name()} needs pprof input");
        }
        return StackFilter.Apply(input.Folded!, options.Filters);
    }

    private static int Resolve(ProfileInput input, string? sampleType)
    {
        try
        {
            return SampleTypeChoice.Resolve(input.Profile!, sampleType, input.Path);
        }
        catch (PprofFormatException e)
        {
            throw new InputException(e.Message);
        }
    }
}

/// <summary>Bad input; the message is the one line to print (file and reason).</summary>
internal sealed class InputException(string message) : Exception(message);
