using FluentAssertions;
using Hotpath.Engine.Selection;
using Hotpath.Store.Labels;
using NUnit.Framework;

namespace Hotpath.Store.Tests.Selectors;

public class SelectorParserTests
{
    private static readonly LabelSet Api = LabelSet.Of(("service_name", "api"), ("region", "eu-west"), ("pod", "api-1"), ("env", "prod"));
    private static readonly LabelSet Web = LabelSet.Of(("service_name", "web"), ("region", "us-east"), ("env", "dev"));

    [Test]
    public void Empty_braces_select_everything()
    {
        var s = LabelSelector.Parse("{}");
        s.Matchers.Should().BeEmpty();
        s.Matches(Api.Get).Should().BeTrue();
        s.Matches(LabelSet.Empty.Get).Should().BeTrue();
    }

    [Test]
    public void All_four_operators_follow_prometheus_semantics()
    {
        var s = LabelSelector.Parse("""{service_name="api", pod!="x", region=~"eu-.*", env!~"dev|test"}""");
        s.Matchers.Select(m => m.Operator).Should().Equal(MatchOperator.Equal, MatchOperator.NotEqual, MatchOperator.Regex, MatchOperator.NotRegex);
        s.Matches(Api.Get).Should().BeTrue();
        s.Matches(Web.Get).Should().BeFalse();
        s.Matches((Api.With("env", "test")).Get).Should().BeFalse();
        s.Matches((Api.With("pod", "x")).Get).Should().BeFalse();
    }

    [TestCase("""{region=~"eu"}""", false)]
    [TestCase("""{region=~"eu.*"}""", true)]
    [TestCase("""{region=~".*west"}""", true)]
    [TestCase("""{region=~"west"}""", false)]
    [TestCase("""{region!~"eu"}""", true)]
    public void Regexes_are_anchored_on_both_ends(string selector, bool matchesApi) =>
        LabelSelector.Parse(selector).Matches(Api.Get).Should().Be(matchesApi);

    [Test]
    public void Absent_labels_have_the_empty_value()
    {
        LabelSelector.Parse("""{pod=""}""").Matches(Web.Get).Should().BeTrue();
        LabelSelector.Parse("""{pod=""}""").Matches(Api.Get).Should().BeFalse();
        LabelSelector.Parse("""{pod!="api-1"}""").Matches(Web.Get).Should().BeTrue();
        LabelSelector.Parse("""{pod=~"api.*"}""").Matches(Web.Get).Should().BeFalse();
        LabelSelector.Parse("""{pod!~".+"}""").Matches(Web.Get).Should().BeTrue();
    }

    [Test]
    public void Quoted_label_names_escapes_quotes_comments_and_trailing_comma()
    {
        var labels = LabelSet.Of(("service.name", "a\"b\n"), ("x", "c'd"), ("y", @"e\f"));
        var s = LabelSelector.Parse("{\"service.name\"=\"a\\\"b\\n\", x='c\\'d', # a comment\n y=`e\\f`,}");
        s.Matchers.Select(m => m.Name).Should().Equal("service.name", "x", "y");
        s.Matchers[0].Value.Should().Be("a\"b\n");
        s.Matchers[2].Value.Should().Be(@"e\f");
        s.Matches(labels.Get).Should().BeTrue();
        LabelSelector.Parse("""{a="\x41\u00e9\101"}""").Matchers[0].Value.Should().Be("AéA");
    }

    [Test]
    public void A_metric_name_becomes_a_name_matcher()
    {
        var s = LabelSelector.Parse("""process_cpu{service_name="api"}""");
        s.Matchers.Select(m => m.ToString()).Should().Equal("__name__=\"process_cpu\"", "service_name=\"api\"");
        LabelSelector.Parse("""{"my.metric", a="b"}""").Matchers[0].ToString().Should().Be("__name__=\"my.metric\"");
        LabelSelector.Parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds").Matchers.Single().Value.Should().Be("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
    }

    [TestCase("{foo=}", "1:6: parse error: unexpected \"}\" in label matching, expected string")]
    [TestCase("{foo=bar}", "1:6: parse error: unexpected identifier \"bar\" in label matching, expected string")]
    [TestCase("{foo=\"bar\"", "1:11: parse error: unexpected end of input inside braces")]
    [TestCase("{foo=\"bar}", "1:6: parse error: unterminated quoted string")]
    [TestCase("{foo:bar=\"x\"}", "1:5: parse error: unexpected character inside braces: ':'")]
    [TestCase("{foo!\"x\"}", "1:5: parse error: unexpected character after '!' inside braces: '\"'")]
    [TestCase("{foo=\"x\" bar=\"y\"}", "1:10: parse error: unexpected identifier \"bar\" in label matching, expected \",\" or \"}\"")]
    [TestCase("{,}", "1:2: parse error: unexpected \",\" in label matching, expected identifier or \"}\"")]
    [TestCase("{foo}", "1:5: parse error: unexpected \"}\" in label matching, expected label matching operator")]
    [TestCase("{foo==\"x\"}", "1:6: parse error: unexpected \"=\" in label matching, expected string")]
    [TestCase("{a={}", "1:4: parse error: unexpected left brace '{'")]
    [TestCase("{a=\"\\q\"}", "1:6: parse error: unknown escape sequence U+0071 'q'")]
    // Found by afl-fuzz (tests/fuzz/corpus/selector/regression-*): \U from 80000000 up threw ArgumentOutOfRangeException.
    [TestCase("{a=\"\\UC0006000\"}", "1:6: parse error: escape sequence is an invalid Unicode code point")]
    [TestCase("{a=\"\\U00110000\"}", "1:6: parse error: escape sequence is an invalid Unicode code point")]
    [TestCase("{a=`x}", "1:4: parse error: unterminated raw string")]
    [TestCase("{a=\"x\"} b", "1:9: parse error: could not parse remaining input \"b\"...")]
    [TestCase("", "1:1: parse error: unexpected end of input")]
    [TestCase("[a]", "1:1: parse error: unexpected character: '['")]
    [TestCase("{a=\"x\"\n, b}", "2:4: parse error: unexpected \"}\" in label matching, expected label matching operator")]
    public void Malformed_selectors_fail_with_prometheus_messages(string selector, string message)
    {
        var parse = () => LabelSelector.Parse(selector);
        parse.Should().Throw<SelectorException>().Which.Message.Should().Be(message);
    }

    [Test]
    public void Bad_and_oversized_regexes_are_rejected_at_parse_time()
    {
        var bad = () => LabelSelector.Parse("""{foo=~"("}""");
        bad.Should().Throw<SelectorException>().Which.Message.Should().StartWith("1:7: parse error: error parsing regexp: ");
        var huge = () => LabelSelector.Parse("{foo=~\"" + new string('a', 5000) + "\"}");
        huge.Should().Throw<SelectorException>().Which.Message.Should().Be("1:7: parse error: error parsing regexp: expression too large (5000 characters; limit 4096)");
    }
}
