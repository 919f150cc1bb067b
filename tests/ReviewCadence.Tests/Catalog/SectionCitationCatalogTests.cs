using ReviewCadence.Catalog;

namespace ReviewCadence.Tests.Catalog;

/// <summary>Runbook sources given as ids, URLs (a #fragment is a section), or {source, section, claims} mappings.</summary>
public class SectionCitationCatalogTests
{
    private static string Catalog(string sources) => $"""
        sources:
          - id: pricing
            url: https://docs.example.com/pricing
        owners:
          - id: ops
        runbooks:
          - id: rb
            title: Runbook
            owner: ops
            sources:
        {sources}
        """;

    [Fact]
    public void Ids_urls_fragments_and_mappings_cite_one_source_in_several_ways()
    {
        var catalog = CatalogLoader.Parse(Catalog("""
                  - pricing
                  - source: pricing
                    section: "  Token-based   billing "
                    claims: ["billed per token", "Prices are in USD"]
                  - https://docs.example.com/pricing#per-call-billing
                  - { source: "https://docs.example.com/help", section: "#contacts" }
                  - source: pricing
                    section: "#faq"
                    claims: one claim
            """), "c.yaml");

        var runbook = Assert.Single(catalog.Runbooks);
        Assert.Equal(["pricing", "url-docs-example-com-help"], runbook.SourceIds);
        Assert.Equal(2, catalog.Sources.Count); // the URL of a declared source is that source, fetched once
        var help = catalog.FindSource("url-docs-example-com-help")!;
        Assert.Equal("https://docs.example.com/help", help.Url.ToString()); // the fragment is not part of the page

        var citations = runbook.Citations;
        Assert.Equal(5, citations.Count);
        Assert.True(citations[0].WholePage);
        Assert.Equal("Token-based   billing", citations[1].Section!.Heading);
        Assert.Equal(["billed per token", "Prices are in USD"], citations[1].Claims);
        Assert.Equal("per-call-billing", citations[2].Section!.Fragment);
        Assert.Equal("#per-call-billing", citations[2].Section!.Label);
        Assert.Equal(("url-docs-example-com-help", "contacts"), (citations[3].SourceId, citations[3].Section!.Fragment));
        Assert.Equal("faq", citations[4].Section!.Fragment);
        Assert.Equal(["one claim"], citations[4].Claims);
        Assert.True(runbook.ReliesOnWholePage("pricing"));
        Assert.False(runbook.ReliesOnWholePage("url-docs-example-com-help"));
        Assert.Equal(12, citations[1].Line);
    }

    [Fact]
    public void Only_sources_cited_by_section_keep_heading_anchors()
    {
        var catalog = CatalogLoader.Parse(Catalog("""
                  - pricing
                  - https://docs.example.com/help#contacts
                  - https://docs.example.com/other
            """), "c.yaml");

        Assert.False(catalog.FindSource("pricing")!.CitedBySection);
        Assert.True(catalog.FindSource("url-docs-example-com-help")!.CitedBySection);
        Assert.False(catalog.FindSource("url-docs-example-com-other")!.CitedBySection);
    }

    [Fact]
    public void Old_catalogs_cite_whole_pages()
    {
        var catalog = CatalogLoader.Parse(Catalog("      [pricing, https://docs.example.com/help]"), "c.yaml");

        var runbook = Assert.Single(catalog.Runbooks);
        Assert.All(runbook.Citations, c => Assert.True(c.WholePage));
        Assert.Equal(runbook.SourceIds, runbook.Citations.Select(c => c.SourceId));
    }

    [Fact]
    public void A_hand_built_runbook_cites_its_sources_whole()
    {
        var runbook = new RunbookDefinition { Id = "r", Title = "R", Owner = "o", SourceIds = ["a", "b"] };

        Assert.Equal(["a", "b"], runbook.Citations.Select(c => c.SourceId));
        Assert.True(runbook.ReliesOnWholePage("a"));
    }

    [Theory]
    [InlineData("      - { source: pricing, section: Billing, note: x }", 11, "unknown key 'note' in a citation of runbook 'rb'")]
    [InlineData("      - { source: pricing, section: \"\" }", 11, "the 'section' of a citation of runbook 'rb' is empty")]
    [InlineData("      - { source: pricing, section: \"  \" }", 11, "is empty")]
    [InlineData("      - { source: pricing, section: Billing, claims: [\"billed per token\", \"\"] }", 11, "a claim of runbook 'rb' is empty")]
    [InlineData("      - { source: pricing, claims: [\"billed per token\"] }", 11, "need a 'section' (or a URL #fragment)")]
    [InlineData("      - { section: Billing }", 11, "needs 'source'")]
    [InlineData("      - { source: nope, section: Billing }", 11, "cites source 'nope', which is not in 'sources'")]
    [InlineData("      - { source: \"https://docs.example.com/pricing#a\", section: Billing }", 11, "names its section twice")]
    [InlineData("      - { source: pricing, section: [a, b] }", 11, "must be one heading text")]
    [InlineData("      - [pricing]", 11, "must be a source id, a URL, or a mapping")]
    public void Bad_citations_are_catalog_errors_with_file_and_line(string sources, int line, string message)
    {
        var ex = Assert.Throws<CatalogException>(() => CatalogLoader.Parse(Catalog(sources), "my-catalog.yaml"));

        var error = Assert.Single(ex.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal("my-catalog.yaml", error.File);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void Claims_without_a_section_are_an_error_even_on_a_url_without_fragment()
    {
        var ex = Assert.Throws<CatalogException>(() => CatalogLoader.Parse(Catalog("""
                  - source: https://docs.example.com/help
                    claims: [x]
            """), "c.yaml"));

        Assert.Contains(ex.Errors, e => e.Line == 12 && e.Message.Contains("need a 'section'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_claim_on_a_fragment_url_is_fine()
    {
        var catalog = CatalogLoader.Parse(Catalog("""
                  - source: https://docs.example.com/help#contacts
                    claims: [write to support]
            """), "c.yaml");

        var citation = Assert.Single(Assert.Single(catalog.Runbooks).Citations);
        Assert.Equal("contacts", citation.Section!.Fragment);
        Assert.Equal(["write to support"], citation.Claims);
    }
}
