using System.Diagnostics;
using FluentAssertions;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Cli;

/// <summary>Exit codes, error lines, options and conversions of the command line.</summary>
public sealed class CliBehaviourTests
{
    private const string Heap = "grafana-pyroscope/pkg/pprof/testdata/heap";

    [TestCase(new string[0], "no command given")]
    [TestCase(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [TestCase(new[] { "collapsed" }, "collapsed: no input files")]
    [TestCase(new[] { "top", "--sample-typ", "cpu", "x" }, "top: unknown option '--sample-typ'")]
    [TestCase(new[] { "top", "x", "--sample-type" }, "--sample-type needs a value")]
    [TestCase(new[] { "convert", "a", "b" }, "convert: --to pprof|folded is required")]
    [TestCase(new[] { "convert", "--to", "json", "a", "b" }, "unknown target format 'json'")]
    [TestCase(new[] { "convert", "--to", "folded", "a" }, "expected IN and OUT")]
    public void Bad_usage_exits_2_with_the_reason_and_the_usage(string[] args, string reason)
    {
        var (exit, stdout, stderr) = Cli.Run(args);
        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().StartWith("gpx_hotpath: ").And.Contain(reason);
        foreach (var command in (string[])["serve [--listen ADDR] [--data DIR] [--demo]", "collapsed", "top", "flamegraph", "diff", "convert"])
        {
            stderr.Should().Contain(command);
        }
    }

    [Test]
    public void A_missing_file_exits_1_with_one_line_naming_it()
    {
        var (exit, stdout, stderr) = Cli.Run("top", "/nonexistent/profile.pb.gz");
        exit.Should().Be(1);
        stdout.Should().BeEmpty();
        Cli.Lines(stderr).Should().ContainSingle().Which.Should().StartWith("gpx_hotpath: /nonexistent/profile.pb.gz: cannot read");
    }

    [Test]
    public void A_corrupt_profile_exits_1_with_one_line_naming_file_and_reason()
    {
        var dir = GoReference.TempDirectory("cli-corrupt");
        var path = Path.Combine(dir, "cut.pb.gz");
        var bytes = CorpusFiles.Read(Heap);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var (exit, _, stderr) = Cli.Run("collapsed", path);
        exit.Should().Be(1);
        Cli.Lines(stderr).Should().ContainSingle().Which.Should().StartWith($"gpx_hotpath: {path}: truncated gzip stream");
    }

    [Test]
    public void An_unknown_sample_type_exits_1_listing_the_ones_there_are()
    {
        var path = CorpusFiles.PathOf(Heap);
        var (exit, _, stderr) = Cli.Run("top", "--sample-type", "cpu", path);
        exit.Should().Be(1);
        Cli.Lines(stderr).Should().ContainSingle().Which.Should()
            .Be($"gpx_hotpath: {path}: no sample type 'cpu' (the profile has: alloc_objects/count, alloc_space/bytes, inuse_objects/count, inuse_space/bytes)");
    }

    [Test]
    public void Sample_type_can_be_chosen_by_name_or_name_and_unit()
    {
        var path = CorpusFiles.PathOf(Heap);
        var byName = Cli.Run("collapsed", "--sample-type", "inuse_objects", path);
        var byNameAndUnit = Cli.Run("collapsed", "--sample-type=inuse_objects/count", path);
        var byDefault = Cli.Run("collapsed", path);
        var alloc = Cli.Run("collapsed", "--sample-type", "alloc_space", path);
        byName.Exit.Should().Be(0);
        byName.Stdout.Should().Be(byNameAndUnit.Stdout);
        byDefault.Stdout.Should().Be(alloc.Stdout, "this Go heap profile names alloc_space as its default sample type");
        byName.Stdout.Should().NotBe(byDefault.Stdout);
        var expected = GoReference.Folded(path)[2].Lines.ToArray();
        Array.Sort(expected, StringComparer.Ordinal);
        Cli.Lines(byName.Stdout).Should().Equal(expected);
    }

    [Test]
    public void Several_files_are_merged_like_go_tool_pprof_merges_them()
    {
        var a = CorpusFiles.PathOf("grafana-pyroscope/pkg/og/convert/jfr/testdata/cortex-dev-01__kafka-0__cpu__0.jfr.gz.process_cpu_cpu_nanoseconds_cpu_nanoseconds.17241709254077376921.pb.gz");
        var b = CorpusFiles.PathOf("grafana-pyroscope/pkg/og/convert/jfr/testdata/cortex-dev-01__kafka-0__cpu__1.jfr.gz.process_cpu_cpu_nanoseconds_cpu_nanoseconds.17241709254077376921.pb.gz");
        var (exit, stdout, _) = Cli.Run("collapsed", a, b);
        exit.Should().Be(0);
        var expected = GoReference.Folded(a, b)[0].Lines.ToArray();
        Array.Sort(expected, StringComparer.Ordinal);
        Cli.Lines(stdout).Should().Equal(expected);
    }

    [Test]
    public void Many_files_merged_on_parallel_workers_equal_google_pprof_merge_for_every_sample_type()
    {
        var inputs = File.ReadLines(CorpusFiles.PathOf("truth/merges/parca-many-10-heaps.txt"))
            .SkipWhile(l => l != "# inputs:").Skip(1).TakeWhile(l => l.StartsWith("#   ", StringComparison.Ordinal))
            .Select(l => CorpusFiles.PathOf(l[4..].Trim())).ToArray();
        inputs.Should().HaveCount(10);
        var reference = GoReference.Folded(inputs);
        foreach (var (index, stacks) in reference)
        {
            var type = stacks.SampleType.Split('/')[0];
            var (exit, stdout, stderr) = Cli.Run(["collapsed", "--sample-type", type, .. inputs]);
            exit.Should().Be(0, stderr);
            var expected = stacks.Lines.ToArray();
            Array.Sort(expected, StringComparer.Ordinal);
            Cli.Lines(stdout).Should().Equal(expected, type);
        }
    }

    [Test]
    public void With_several_bad_files_the_earliest_on_the_command_line_is_reported()
    {
        var good = CorpusFiles.PathOf(Heap);
        var (exit, _, stderr) = Cli.Run("top", good, good, good, "/nonexistent/b.pb.gz", good, "/nonexistent/a.pb.gz", good);
        exit.Should().Be(1);
        Cli.Lines(stderr).Should().ContainSingle().Which.Should().StartWith("gpx_hotpath: /nonexistent/b.pb.gz: ");
    }

    [Test]
    public void Convert_pprof_to_folded_to_pprof_keeps_the_stacks()
    {
        var dir = GoReference.TempDirectory("cli-convert");
        var source = CorpusFiles.PathOf(Heap);
        var folded = Path.Combine(dir, "heap.folded");
        var pprof = Path.Combine(dir, "heap.pb.gz");
        var whole = Path.Combine(dir, "whole.pb.gz");

        Cli.Run("convert", "--to", "folded", source, folded).Exit.Should().Be(0);
        Cli.Run("convert", "--to", "pprof", folded, pprof).Exit.Should().Be(0);
        Cli.Run("convert", "--to", "pprof", source, whole).Exit.Should().Be(0);

        var original = Cli.Run("collapsed", source).Stdout;
        File.ReadAllText(folded).Should().Be(original);
        Cli.Run("collapsed", pprof).Stdout.Should().Be(original);
        Cli.Run("collapsed", "--sample-type", "alloc_objects", whole).Stdout
            .Should().Be(Cli.Run("collapsed", "--sample-type", "alloc_objects", source).Stdout, "pprof to pprof keeps every sample type");
        var reference = GoReference.Folded(pprof)[0].Lines.ToArray();
        Array.Sort(reference, StringComparer.Ordinal);
        Cli.Lines(original).Should().Equal(reference, "google/pprof reads the converted file to the same stacks");
    }

    [Test]
    public void Folded_text_is_accepted_as_input()
    {
        var root = CorpusFiles.RequireRoot();
        var path = Path.Combine(root, "speedscope/sample/profiles/stackcollapse/simple.txt");
        var (exit, stdout, _) = Cli.Run("top", path);
        exit.Should().Be(0);
        stdout.Should().NotBeEmpty();
        var utf16 = Cli.Run("top", Path.Combine(root, "speedscope/sample/profiles/stackcollapse/simple-utf16-le.txt"));
        utf16.Exit.Should().Be(0);
        utf16.Stdout.Should().Be(stdout);
    }

    [Test]
    public void The_built_executable_prints_folded_stacks_and_exit_codes()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "gpx_hotpath.dll");
        File.Exists(dll).Should().BeTrue(dll);
        var path = CorpusFiles.PathOf(Heap);

        var (exit, stdout, _) = Exec(dll, "collapsed", path);
        exit.Should().Be(0);
        stdout.Should().Be(Cli.Run("collapsed", path).Stdout);

        (exit, _, var stderr) = Exec(dll, "collapsed", "/nonexistent");
        exit.Should().Be(1);
        stderr.Should().StartWith("gpx_hotpath: /nonexistent: cannot read");
        Exec(dll, "bogus").Exit.Should().Be(2);
    }

    private static (int Exit, string Stdout, string Stderr) Exec(string dll, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }
}
