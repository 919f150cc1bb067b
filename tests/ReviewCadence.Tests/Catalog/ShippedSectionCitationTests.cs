using System.Text;
using ReviewCadence.Catalog;
using ReviewCadence.Extraction;
using ReviewCadence.Runbooks;
using ReviewCadence.Tests.Extraction;

namespace ReviewCadence.Tests.Catalog;

/// <summary>The shipped catalog's section citations: they name sections the pricing documentation has.</summary>
public class ShippedSectionCitationTests
{
    private static readonly ReviewCatalog Shipped = CatalogLoader.Load(Path.Combine(TestPaths.RepoRoot, "catalog.yaml"));

    [Fact]
    public void The_quality_gate_cites_the_billing_sections_of_the_pricing_documentation_not_the_whole_page()
    {
        var gate = Shipped.FindRunbook("token-budget-quality-gate")!;

        Assert.False(gate.ReliesOnWholePage("cometapi-pricing-docs"));
        Assert.Equal(["How billing works", "#token-based-billing", "#per-call-billing"],
            gate.CitationsOf("cometapi-pricing-docs").Select(c => c.Section!.Label));
        Assert.Equal(6, Shipped.Sources.Count); // cited by URL, the pricing documentation is still the one source
        Assert.All(Shipped.Runbooks.Where(r => r.Id != gate.Id), r => Assert.True(r.ReliesOnWholePage("cometapi-pricing-docs")));
    }

    [Theory]
    [InlineData("change-reworded", "before")]
    [InlineData("change-table-cell", "after")]
    public void On_a_copy_of_the_pricing_page_every_cited_section_and_claim_is_found(string corpusCase, string side)
    {
        var path = ChangeCorpus.Find("change-corpus", corpusCase).FilePath(side);
        var content = new ContentExtractor().Extract(Encoding.UTF8.GetBytes(File.ReadAllText(path)), "text/html; charset=utf-8",
            new Uri("https://apidoc.cometapi.com/pricing/about-pricing"), ExtractionRules.None);
        var outline = PageOutline.Of(content.Text, content.Anchors);

        var cited = Shipped.FindRunbook("token-budget-quality-gate")!.CitationsOf("cometapi-pricing-docs");

        Assert.Null(CitedSections.Judge(cited, outline, baseline: null)); // nothing missing: no false alarm on the first check
        Assert.Null(CitedSections.Judge(cited, outline, outline));
    }
}
