using FluentAssertions;
using Hotpath.Engine.Filters;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Model;
using Hotpath.Engine.Stacks;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Filters;

/// <summary>
/// pprof's FilterSamplesByName and Aggregate rules on a profile small enough to reason about by
/// hand; the agreement with google/pprof itself is in <see cref="FilterReferenceTests"/>.
/// </summary>
public sealed class FrameFilterTests
{
    // main.main (main.go:10) → main.work (work.go:42) with main.inlined (work.go:5) inlined into it
    // at one location → runtime.mallocgc; a libc address with no symbols; a function with no name
    // and no file.
    private static Profile Sample()
    {
        var p = new TinyProfile();
        var main = p.Function("main.main", "/app/main.go");
        var work = p.Function("main.work", "/app/work.go");
        var inlined = p.Function("main.inlined", "/app/work.go");
        var malloc = p.Function("runtime.mallocgc", "/go/runtime/malloc.go");
        var nameless = p.Function("", "");
        var binary = p.Mapping("/app/server");
        var libc = p.Mapping("/lib/libc.so.6");
        var l1 = p.Location(binary, 0x10, (main, 10));
        var l2 = p.Location(binary, 0x20, (inlined, 5), (work, 42));
        var l3 = p.Location(binary, 0x30, (malloc, 100));
        var l4 = p.Location(libc, 0x1234);
        var l5 = p.Location(binary, 0x5000, (nameless, 0));
        p.Sample(10, l3, l2, l1);
        p.Sample(5, l2, l1);
        p.Sample(3, l4, l1);
        p.Sample(2, l5, l1);
        return p.Build();
    }

    private static string[] Fold(Profile profile, StackOptions options)
    {
        var merger = new ProfileMerger();
        merger.Add(ProfileFilter.Apply(profile, options), 0);
        return FoldedFormat.Lines(merger.Stacks);
    }

    private static string[] Filter(string? focus = null, string? ignore = null, string? hide = null, string? show = null) =>
        Fold(Sample(), new StackOptions(FrameFilters.Parse(focus, ignore, hide, show), Granularity.Functions));

    [Test]
    public void Without_options_the_stacks_are_the_plain_merge()
    {
        Filter().Should().Equal(
            "main.main;0x1234 3",
            "main.main;0x5000 2",
            "main.main;main.work;main.inlined 5",
            "main.main;main.work;main.inlined;runtime.mallocgc 10");
    }

    [Test]
    public void Focus_keeps_samples_with_a_matching_frame_by_function_or_file_name()
    {
        Filter(focus: "mallocgc").Should().Equal("main.main;main.work;main.inlined;runtime.mallocgc 10");
        Filter(focus: @"work\.go").Should().Equal("main.main;main.work;main.inlined 5", "main.main;main.work;main.inlined;runtime.mallocgc 10");
    }

    [Test]
    public void Focus_and_ignore_match_the_mapping_file_too()
    {
        Filter(focus: "libc").Should().Equal("main.main;0x1234 3");
        Filter(ignore: "libc").Should().NotContain(l => l.Contains("0x1234"));
    }

    [Test]
    public void Ignore_wins_over_focus_on_the_same_location()
    {
        // main.work's location also matches focus "main", but "inlined" on it ignores the sample.
        Filter(focus: "main", ignore: "inlined").Should().Equal("main.main;0x1234 3", "main.main;0x5000 2");
    }

    [Test]
    public void Hide_removes_matching_inlined_lines_and_keeps_the_rest_of_the_location()
    {
        Filter(hide: "inlined").Should().Equal(
            "main.main;0x1234 3",
            "main.main;0x5000 2",
            "main.main;main.work 5",
            "main.main;main.work;runtime.mallocgc 10");
    }

    [Test]
    public void Hide_by_mapping_removes_a_location_without_lines_and_merges_the_stacks_that_become_equal()
    {
        Filter(hide: @"libc|^main\.work$|inlined").Should().Equal("main.main 8", "main.main;0x5000 2", "main.main;runtime.mallocgc 10");
    }

    [Test]
    public void Show_keeps_matching_lines_and_drops_locations_without_any()
    {
        // The libc location has no lines at all, so show drops it even though nothing matched it.
        Filter(show: @"main\.").Should().Equal("main.main 5", "main.main;main.work;main.inlined 15");
    }

    [Test]
    public void Show_by_mapping_keeps_every_line_of_the_location()
    {
        Filter(show: "server").Should().Equal(
            "main.main 3",
            "main.main;0x5000 2",
            "main.main;main.work;main.inlined 5",
            "main.main;main.work;main.inlined;runtime.mallocgc 10");
    }

    [Test]
    public void A_pattern_matching_the_empty_string_matches_every_empty_file_name()
    {
        // Only the nameless function has an empty file name; every mapping has a file.
        Filter(focus: "^$").Should().Equal("main.main;0x5000 2");
        Filter(hide: "^$").Should().Equal("main.main 2", "main.main;0x1234 3", "main.main;main.work;main.inlined 5",
            "main.main;main.work;main.inlined;runtime.mallocgc 10");
    }

    [Test]
    public void A_sample_whose_every_location_is_hidden_is_dropped_and_so_is_one_without_locations()
    {
        var p = new TinyProfile();
        var f = p.Function("only", "/x.go");
        var l = p.Location(0, 0x1, (f, 1));
        p.Sample(4, l);
        p.Sample(9);
        var profile = p.Build();
        Fold(profile, StackOptions.Default).Should().HaveCount(2, "without filters the empty stack stays");
        Fold(profile, new StackOptions(FrameFilters.Parse(null, null, "only", null), Granularity.Functions)).Should().BeEmpty();
        Fold(profile, new StackOptions(FrameFilters.Parse(null, "nothing", null, null), Granularity.Functions)).Should().Equal("only 4");
    }

    [Test]
    public void Granularities_name_frames_by_the_non_empty_parts_of_function_file_and_line()
    {
        var profile = Sample();
        Fold(profile, new StackOptions(FrameFilters.None, Granularity.Lines)).Should().Equal(
            "main.main /app/main.go:10;0x1234 3",
            "main.main /app/main.go:10;0x5000 2",
            "main.main /app/main.go:10;main.work /app/work.go:42;main.inlined /app/work.go:5 5",
            "main.main /app/main.go:10;main.work /app/work.go:42;main.inlined /app/work.go:5;runtime.mallocgc /go/runtime/malloc.go:100 10");
        Fold(profile, new StackOptions(FrameFilters.None, Granularity.FileFunctions)).Should().Contain(
            "main.main /app/main.go;main.work /app/work.go;main.inlined /app/work.go;runtime.mallocgc /go/runtime/malloc.go 10");
        Fold(profile, new StackOptions(FrameFilters.None, Granularity.Files)).Should().Equal(
            "/app/main.go;/app/work.go;/app/work.go 5",
            "/app/main.go;/app/work.go;/app/work.go;/go/runtime/malloc.go 10",
            "/app/main.go;0x1234 3",
            "/app/main.go;0x5000 2");
        Sample().Functions.Should().HaveCount(5, "the input profile is left as it was");
    }

    [Test]
    public void Filters_match_full_names_before_granularity_cuts_them()
    {
        Fold(Sample(), new StackOptions(FrameFilters.Parse("mallocgc", null, null, null), Granularity.Files))
            .Should().Equal("/app/main.go;/app/work.go;/app/work.go;/go/runtime/malloc.go 10");
    }

    [TestCase(Granularity.Lines, "f", "", 7, "f :7")]
    [TestCase(Granularity.Lines, "", "/a.go", 7, "/a.go:7")]
    [TestCase(Granularity.Lines, "f", "/a.go", 0, "f /a.go")]
    [TestCase(Granularity.FileFunctions, "f", "", 7, "f")]
    [TestCase(Granularity.Files, "f", "", 7, "")]
    [TestCase(Granularity.Functions, "f", "/a.go", 7, "f")]
    public void Frame_names(Granularity granularity, string function, string file, long line, string expected) =>
        Granularities.FrameName(granularity, function, file, line).Should().Be(expected);

    [Test]
    public void Stack_filters_on_names_hide_show_focus_and_ignore_whole_frames()
    {
        var names = new NameTable();
        var builder = new StackSetBuilder(names);
        builder.Add([names.Intern("main"), names.Intern("runtime.gc"), names.Intern("work")], 3);
        builder.Add([names.Intern("main"), names.Intern("work")], 4);
        builder.Add([names.Intern("main"), names.Intern("idle")], 5);
        var stacks = builder.Stacks;
        FoldedFormat.Lines(StackFilter.Apply(stacks, FrameFilters.Parse(null, null, @"^runtime\.", null))).Should().Equal("main;idle 5", "main;work 7");
        FoldedFormat.Lines(StackFilter.Apply(stacks, FrameFilters.Parse("work", "gc", null, null))).Should().Equal("main;work 4");
        FoldedFormat.Lines(StackFilter.Apply(stacks, FrameFilters.Parse(null, null, null, "^(main|idle)$"))).Should().Equal("main 7", "main;idle 5");
        StackFilter.Apply(stacks, FrameFilters.None).Should().BeSameAs(stacks);
    }

    [TestCase("(", "focus")]
    [TestCase("a[", "ignore")]
    [TestCase(@"(a)\1", "hide")]
    [TestCase("(?<=a)b", "show")]
    public void A_bad_pattern_is_an_error_naming_its_parameter(string pattern, string parameter)
    {
        var args = new string?[4];
        args[Array.IndexOf(new[] { "focus", "ignore", "hide", "show" }, parameter)] = pattern;
        var act = () => FrameFilters.Parse(args[0], args[1], args[2], args[3], "--");
        act.Should().Throw<FrameFilterException>()
            .Where(e => e.Parameter == "--" + parameter && e.Message.StartsWith("--" + parameter + ": ", StringComparison.Ordinal));
    }

    [Test]
    public void A_pattern_over_the_length_limit_is_refused_and_an_empty_one_is_no_filter()
    {
        var act = () => FrameRegex.Compile("focus", new string('a', FrameRegex.MaxLength + 1));
        act.Should().Throw<FrameFilterException>().WithMessage("focus: *over the limit of 4096*");
        FrameRegex.Compile("focus", "").Should().BeNull();
        FrameFilters.Parse("", "", "", "").IsEmpty.Should().BeTrue();
    }

    [Test]
    public void Granularity_words()
    {
        Granularities.Names.Select(n => Granularities.Parse("granularity", n).Name()).Should().Equal(Granularities.Names);
        Granularities.Parse("granularity", null).Should().Be(Granularity.Functions);
        var act = () => Granularities.Parse("granularity", "addresses");
        act.Should().Throw<FrameFilterException>().WithMessage("granularity: must be one of functions, filefunctions, lines, files, got 'addresses'");
    }

    [Test]
    public void Matching_time_is_linear_in_the_name_even_for_a_pattern_that_backtracks_exponentially()
    {
        // (a+)+$ on "aaaa…!" takes exponential time in a backtracking engine; here it answers at
        // once. No clock is read: a backtracking engine would not finish this test at all.
        var filters = FrameFilters.Parse("(a+)+$", null, null, null);
        var names = new NameTable();
        var builder = new StackSetBuilder(names);
        builder.Add([names.Intern(new string('a', 5000) + "!")], 1);
        StackFilter.Apply(builder.Stacks, filters).Count.Should().Be(0);
    }
}

/// <summary>Builds a validated profile from functions, mappings, locations and samples given by hand; ids are 1-based.</summary>
internal sealed class TinyProfile
{
    private readonly List<string> _strings = [""];
    private readonly List<Function> _functions = [];
    private readonly List<Mapping> _mappings = [];
    private readonly List<Location> _locations = [];
    private readonly List<Line> _lines = [];
    private readonly List<ulong> _sampleIds = [];
    private readonly List<int> _offsets = [0];
    private readonly List<long> _values = [];

    public ulong Function(string name, string file)
    {
        _functions.Add(new Function((ulong)_functions.Count + 1, String(name), 0, String(file), 0));
        return (ulong)_functions.Count;
    }

    public ulong Mapping(string file)
    {
        _mappings.Add(new Mapping((ulong)_mappings.Count + 1, 0, 0, 0, String(file), 0, true, true, true, true));
        return (ulong)_mappings.Count;
    }

    /// <summary>A location; its lines innermost first, as pprof lists them.</summary>
    public ulong Location(ulong mapping, ulong address, params (ulong Function, long Line)[] lines)
    {
        _locations.Add(new Location((ulong)_locations.Count + 1, mapping, address, _lines.Count, lines.Length, false));
        _lines.AddRange(lines.Select(l => new Line(l.Function, l.Line, 0)));
        return (ulong)_locations.Count;
    }

    /// <summary>A sample; its locations leaf first, as pprof lists them.</summary>
    public void Sample(long value, params ulong[] locations)
    {
        _sampleIds.AddRange(locations);
        _offsets.Add(_sampleIds.Count);
        _values.Add(value);
    }

    public Profile Build()
    {
        var type = new TypeAndUnit(String("samples"), String("count"));
        var profile = new Profile
        {
            Strings = [.. _strings],
            SampleTypes = [type],
            SampleLocationIds = [.. _sampleIds],
            SampleLocationOffsets = [.. _offsets],
            SampleValues = [.. _values],
            SampleLabelOffsets = new int[_offsets.Count],
            Mappings = [.. _mappings],
            Locations = [.. _locations],
            Lines = [.. _lines],
            Functions = [.. _functions],
        };
        ProfileValidator.Validate(profile, "tiny profile");
        return profile;
    }

    private long String(string s)
    {
        var i = _strings.IndexOf(s);
        if (i >= 0)
        {
            return i;
        }
        _strings.Add(s);
        return _strings.Count - 1;
    }
}
