using System.Text.Json;
using ReviewCadence.Catalog;
using ReviewCadence.Import;
using static ReviewCadence.Tests.Import.ImportTestData;

namespace ReviewCadence.Tests.Import;

/// <summary>A runbook document that links to sections of a page (URL fragments) is proposed as citing those sections.</summary>
public sealed class ImportSectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-import-sections-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Document(string text)
    {
        var path = Path.Combine(_dir, "sections.md");
        File.WriteAllText(path, text);
        return path;
    }

    private const string Text = """
        # Section-citing runbook

        Last reviewed: 2026-07-03

        follow_up_owner: platform-cost-operator

        - Billing rules: https://apidoc.cometapi.com/pricing/about-pricing#token-based-billing
        - Per-call: [per-call billing](https://apidoc.cometapi.com/pricing/about-pricing#per-call-billing)
        - Support: https://apidoc.cometapi.com/support/help-center#abnormal%20charges
        - Allocation, whole: https://www.finops.org/framework/capabilities/allocation/ and its https://www.finops.org/framework/capabilities/allocation/#scope
        """;

    [Fact]
    public async Task Fragments_become_section_citations_and_a_page_cited_whole_stays_whole()
    {
        var result = await ImportAsync(CometApiCatalog(), Document(Text));

        var runbook = Assert.Single(result.Runbooks);
        var pricing = runbook.Sources.Single(s => s.Url == "https://apidoc.cometapi.com/pricing/about-pricing");
        Assert.Equal(["token-based-billing", "per-call-billing"], pricing.Sections);
        Assert.Equal(["abnormal charges"], runbook.Sources.Single(s => s.Url.Contains("help-center", StringComparison.Ordinal)).Sections);
        Assert.Empty(runbook.Sources.Single(s => s.Url.Contains("allocation", StringComparison.Ordinal)).Sections);
        Assert.DoesNotContain(result.NewSources, s => s.Url.Contains('#', StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_proposed_yaml_cites_the_sections_and_loads_as_a_catalog_with_them()
    {
        var result = await ImportAsync(CometApiCatalog(), Document(Text));

        var yaml = ImportYamlWriter.Write(result);
        Assert.Contains("- { source: \"cometapi-pricing-docs\", section: \"#token-based-billing\" }", yaml);
        Assert.Contains("- { source: \"cometapi-pricing-docs\", section: \"#per-call-billing\" }", yaml);

        // Pasted under a catalog's runbooks (with the owner it names), the proposal is a valid catalog.
        var catalogText = $"""
            sources:
              - id: cometapi-pricing-docs
                url: https://apidoc.cometapi.com/pricing/about-pricing
              - id: cometapi-help-center
                url: https://apidoc.cometapi.com/support/help-center
              - id: finops-allocation
                url: https://www.finops.org/framework/capabilities/allocation
            owners:
              - id: platform-cost-operator
            {yaml[yaml.IndexOf("runbooks:", StringComparison.Ordinal)..]}
            """;
        var catalog = CatalogLoader.Parse(catalogText, "proposal.yaml");
        var cited = Assert.Single(catalog.Runbooks).CitationsOf("cometapi-pricing-docs");
        Assert.Equal(["#token-based-billing", "#per-call-billing"], cited.Select(c => c.Section!.Label));
        Assert.Equal(["#abnormal charges"], Assert.Single(catalog.Runbooks).CitationsOf("cometapi-help-center").Select(c => c.Section!.Label));
    }

    [Fact]
    public async Task The_json_lists_each_sources_sections()
    {
        var result = await ImportAsync(CometApiCatalog(), Document(Text));

        var json = JsonDocument.Parse(ImportJsonWriter.Write(result)).RootElement;
        var sources = json.GetProperty("runbooks")[0].GetProperty("sources").EnumerateArray().ToList();
        var pricing = sources.Single(s => s.GetProperty("url").GetString() == "https://apidoc.cometapi.com/pricing/about-pricing");
        Assert.Equal(["#token-based-billing", "#per-call-billing"], pricing.GetProperty("sections").EnumerateArray().Select(s => s.GetString()));
        Assert.Empty(sources.Single(s => s.GetProperty("url").GetString()!.Contains("allocation", StringComparison.Ordinal)).GetProperty("sections").EnumerateArray());
    }
}
