using System.Text;
using ReviewCadence.Extraction;

namespace ReviewCadence.Tests.Extraction;

/// <summary>Sections of extracted pages: found by heading or fragment, bounded by headings, claims matched loosely.</summary>
public class PageOutlineTests
{
    private static readonly ContentExtractor Extractor = new();

    private const string Page = """
        <!doctype html><html><head><title>Pricing</title></head><body>
        <nav><a href="/">Home</a></nav>
        <main>
          <h1 id="pricing">Pricing</h1>
          <p>CometAPI prices every model in USD; this page explains how requests are billed.</p>
          <h2 id="token-based-billing"><a href="#token-based-billing">Token-based billing</a></h2>
          <p>Models with unified official pricing are “billed per token”, input and output separately.</p>
          <h3 id="cached-input">Cached input</h3>
          <p>Cached input tokens cost a tenth of the input price.</p>
          <section id="per-call"><h2>Per-call billing</h2>
          <p>Models without official APIs are billed per call at a fixed price.</p></section>
          <a id="faq-anchor"></a>
          <h2 id="faq"><span id="questions">FAQ</span></h2>
          <p>Ask support about abnormal charges.</p>
        </main></body></html>
        """;

    private static ExtractedContent Extract(string html) =>
        Extractor.Extract(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", new Uri("https://docs.example.com/pricing"), ExtractionRules.None);

    [Fact]
    public void Headings_and_ids_leading_to_them_are_recorded_without_touching_the_text()
    {
        var content = Extract(Page);

        Assert.DoesNotContain("per-call", content.Text, StringComparison.Ordinal); // ids are not content
        var outline = PageOutline.Of(content.Text, content.Anchors);
        Assert.Equal(["Pricing", "Token-based billing", "Cached input", "Per-call billing", "FAQ"], outline.Headings.Select(h => h.Text));
        Assert.Equal([1, 2, 3, 2, 2], outline.Headings.Select(h => h.Level));
        var lines = content.Text.Split('\n');
        Assert.Equal("## Per-call billing", lines[content.Anchors!["per-call"]]);
        Assert.Equal("## FAQ", lines[content.Anchors["faq-anchor"]]);
        Assert.Equal("## FAQ", lines[content.Anchors["questions"]]);
    }

    [Fact]
    public void A_section_runs_to_the_next_heading_of_the_same_or_a_higher_level()
    {
        var content = Extract(Page);
        var outline = PageOutline.Of(content.Text, content.Anchors);

        var tokens = outline.FindByHeading("  token-BASED   billing ")!;
        Assert.Equal("## Token-based billing", tokens.Lines[0]);
        Assert.Contains("### Cached input", tokens.Lines); // a subsection belongs to its section
        Assert.DoesNotContain(tokens.Lines, l => l.Contains("Per-call", StringComparison.Ordinal));

        var cached = outline.FindByHeading("Cached input")!;
        Assert.Equal(2, cached.Lines.Count);
        var faq = outline.FindByHeading("FAQ")!;
        Assert.Equal("Ask support about abnormal charges.", faq.Lines[^1]); // the last section runs to the end
        Assert.Null(outline.FindByHeading("Volume discounts"));
    }

    [Theory]
    [InlineData("token-based-billing", "Token-based billing")] // the heading's own id
    [InlineData("per-call", "Per-call billing")]               // a wrapper holding the heading
    [InlineData("faq-anchor", "FAQ")]                          // an anchor before the heading
    [InlineData("questions", "FAQ")]                           // an id inside the heading
    public void A_fragment_leads_to_the_heading_its_element_is_holds_or_precedes(string fragment, string heading)
    {
        var content = Extract(Page);

        Assert.Equal(heading, PageOutline.Of(content.Text, content.Anchors).FindByFragment(fragment)!.Heading.Text);
    }

    [Fact]
    public void Without_recorded_ids_a_fragment_is_matched_to_a_heading_slug_and_an_unknown_one_is_missing()
    {
        var markdown = "# Pricing\nIntro.\n## Per-call billing\nBilled per call.\n## FAQ\nAsk.";
        var outline = PageOutline.Of(markdown, anchors: null);

        Assert.Equal("Per-call billing", outline.FindByFragment("per-call-billing")!.Heading.Text);
        Assert.Null(outline.FindByFragment("volume-discounts"));
    }

    [Fact]
    public void Headings_inside_code_are_not_headings()
    {
        var outline = PageOutline.Of("# Guide\n```\n# not a heading\n```\n## Real", null);

        Assert.Equal(["Guide", "Real"], outline.Headings.Select(h => h.Text));
    }

    [Theory]
    [InlineData("billed per token")]
    [InlineData("BILLED   per-token")]
    [InlineData("\"billed per token\"")]
    [InlineData("input and output separately.")]
    public void Claims_match_whatever_the_case_spacing_punctuation_and_quotes(string claim)
    {
        var content = Extract(Page);

        Assert.True(PageOutline.Of(content.Text, content.Anchors).FindByHeading("Token-based billing")!.Contains(claim));
    }

    [Theory]
    [InlineData("billed per call")]   // in another section
    [InlineData("billed per tok")]    // a word cut short is not the word
    public void Claims_elsewhere_or_partial_do_not_match(string claim)
    {
        var content = Extract(Page);

        Assert.False(PageOutline.Of(content.Text, content.Anchors).FindByHeading("Token-based billing")!.Contains(claim));
    }

    [Fact]
    public void A_section_change_quotes_removed_and_added_lines_bounded()
    {
        var before = PageOutline.Of("## A\none\ntwo\nthree", null).FindByHeading("A")!;
        var after = PageOutline.Of("## A\none\n2\nthree\n" + string.Join('\n', Enumerable.Range(0, 8).Select(i => $"new line {i} " + new string('x', 300))), null).FindByHeading("A")!;

        var change = SectionChange.Between(before, after)!;

        Assert.Equal(["two"], change.Removed);
        Assert.Equal(1, change.LinesRemoved);
        Assert.Equal(9, change.LinesAdded);
        Assert.Equal(SectionChange.MaxQuotedLines, change.Added.Count);
        Assert.Equal("2", change.Added[0]);
        Assert.All(change.Added, l => Assert.True(l.Length <= SectionChange.MaxQuotedChars));
        Assert.Null(SectionChange.Between(before, before));
    }
}
