using FluentAssertions;
using Hotpath.Engine.Changes;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Stacks;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Changes;

public sealed class FunctionChangesTests
{
    private const string Steady = "main;handler;db.Query 100\nmain;handler;json.Marshal 50\nmain;gc.Mark 30\n";

    [Test]
    public void A_new_call_chain_is_reported_once_at_the_call_below_its_entry()
    {
        var baseline = Side(60, Steady, Steady, Steady);
        var spike = Steady + "main;handler;pricing.applyPromotions;regexp.MustCompile;regexp.compile;syntax.Parse;syntax.push 300\n";
        var comparison = Side(60, spike, spike, spike);

        var (total, functions) = FunctionChanges.Rank(baseline, comparison, limit: 10);

        total.Delta.Should().BeApproximately(900 / 60.0, 1e-9);
        var first = functions[0];
        first.Function.Should().Be("regexp.MustCompile");
        first.Caller.Should().Be("pricing.applyPromotions");
        first.Path.Should().Equal("main", "handler", "pricing.applyPromotions", "regexp.MustCompile");
        first.Total.Baseline.Should().Be(0);
        first.Total.Comparison.Should().BeApproximately(15, 1e-9);
        first.Total.Share.Should().BeApproximately(1, 1e-9);
        first.Self.Delta.Should().Be(0);
        // The frames that only carry the same change are not listed again; steady ones did not move.
        functions.Select(f => f.Function).Should().Equal("regexp.MustCompile");
    }

    [Test]
    public void Growth_of_an_existing_path_is_reported_below_the_frame_it_enters_through()
    {
        var before = "main;api.AddItem;session.Put;session.grow;runtime.mallocgc 100\nmain;api.GetCart;runtime.mallocgc 40\n";
        var after = "main;api.AddItem;session.Put;session.grow;runtime.mallocgc 400\nmain;api.GetCart;runtime.mallocgc 40\n";

        var (_, functions) = FunctionChanges.Rank(Side(30, before, before), Side(30, after, after), limit: 10);

        functions[0].Function.Should().Be("session.Put");
        functions[0].Caller.Should().Be("api.AddItem");
        functions[0].Total.Delta.Should().BeApproximately(600 / 30.0, 1e-9);
        // mallocgc moved by the same amount, but its change is this chain's: left out.
        functions.Select(f => f.Function).Should().NotContain(["main", "api.AddItem", "session.grow", "runtime.mallocgc"]);
    }

    [Test]
    public void Changes_that_cancel_out_keep_their_own_rows_and_have_no_share()
    {
        var (total, functions) = FunctionChanges.Rank(
            Side(10, "main;a 100\nmain;b 50\n"), Side(10, "main;a 50\nmain;b 100\n"), limit: 10);

        total.Delta.Should().Be(0);
        functions.Select(f => (f.Function, f.Total.Delta)).Should().BeEquivalentTo([("a", -5.0), ("b", 5.0)]);
        functions.Should().OnlyContain(f => f.Total.Share == null);
    }

    [Test]
    public void Rates_make_ranges_of_different_lengths_comparable()
    {
        var (total, functions) = FunctionChanges.Rank(Side(60, "main;a 600\n"), Side(30, "main;a 300\n"), limit: 10);

        total.Delta.Should().Be(0);
        functions.Should().BeEmpty();
    }

    [Test]
    public void Noise_is_the_standard_error_of_the_difference_of_the_bucket_means()
    {
        // Baseline buckets of 10 s: rates 1 and 3 (mean 2, sample variance 2, variance of the mean 1);
        // comparison: 10 and 10 (variance 0). Delta 8, noise √1 = 1.
        var change = Change.Of([10, 30], 20, [100, 100], 20, totalDelta: 16);

        change.Should().Be(new Change(2, 10, 8, 0.5, 1));
    }

    [Test]
    public void The_limit_keeps_the_largest_changes()
    {
        var (_, functions) = FunctionChanges.Rank(
            Side(1, "main;a 1\nmain;b 1\nmain;c 1\n"), Side(1, "main;a 2\nmain;b 5\nmain;c 9\n"), limit: 2);

        functions.Select(f => f.Function).Should().Equal("c", "b");
    }

    private static ChangeSide Side(double seconds, params string[] buckets) =>
        new([.. buckets.Select(Stacks)], seconds);

    private static StackSet Stacks(string folded)
    {
        var builder = new StackSetBuilder(new NameTable());
        FoldedFormat.Read(folded, "t", builder);
        return builder.Stacks;
    }
}
