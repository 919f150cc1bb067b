using ReviewCadence.Import;
using static ReviewCadence.Tests.Import.ImportTestData;

namespace ReviewCadence.Tests.Import;

/// <summary>The two sample runbooks of the product's own runbook set, read as a user would import them.</summary>
public class SampleRunbookImportTests
{
    [Fact]
    public async Task Runbook_000_gives_its_date_the_six_citations_folded_to_five_urls_and_the_glued_access_dates()
    {
        var result = await ImportAsync(null, Runbook000);

        var runbook = Assert.Single(result.Runbooks);
        Assert.Equal("000-c5f7f6b9d7f92177", runbook.Id);
        // No heading or title line (it opens "Last reviewed: …" and "Direct answer"): its first sentence, not the file name.
        Assert.Equal("An AI API token budget runbook should pass a quality gate before it is used for cost decisions", runbook.Title);
        Assert.False(runbook.TitleFromFileName);
        Assert.Equal(Date("2026-07-01"), runbook.LastReviewed);
        Assert.Null(runbook.Owner);
        // The log block cites pricing and help center (no access date there); the glued table cites
        // the docs index, help center again, allocation and unit economics, each accessed 2026-07-01.
        Assert.Equal(
            [
                ("https://apidoc.cometapi.com/pricing/about-pricing", null),
                ("https://apidoc.cometapi.com/support/help-center", Date("2026-07-01")),
                ("https://apidoc.cometapi.com/", Date("2026-07-01")),
                ("https://www.finops.org/framework/capabilities/allocation/", Date("2026-07-01")),
                ("https://www.finops.org/framework/capabilities/unit-economics/", Date("2026-07-01")),
            ],
            runbook.UrlsAndDates());
        Assert.All(runbook.Sources, s => Assert.Equal(CitedSourceOrigin.New, s.Origin));
        Assert.Equal(
            [
                "no title line found; title taken from the first sentence: \"An AI API token budget runbook should pass a quality gate before it is used for cost decisions\" (edit it in the catalog if needed).",
                "follow_up_owner is a placeholder ('role-placeholder'): no owner yet.",
            ],
            result.MessagesFor(runbook.Id));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task Runbook_003_gives_its_date_the_table_urls_and_five_unresolved_named_sources_without_a_catalog()
    {
        var result = await ImportAsync(null, Runbook003);

        var runbook = Assert.Single(result.Runbooks);
        Assert.Equal("003-db73f8bc31f01a96", runbook.Id);
        // A 159-character first sentence, cut at a clause break.
        Assert.Equal("Before changing token budget rules, review CometAPI error handling, pricing assumptions…", runbook.Title);
        Assert.Equal(Date("2026-07-02"), runbook.LastReviewed);
        Assert.Null(runbook.Owner);
        Assert.Equal(
            [
                ("https://apidoc.cometapi.com/", Date("2026-07-02")),
                ("https://apidoc.cometapi.com/support/help-center", Date("2026-07-02")),
                ("https://www.finops.org/framework/capabilities/allocation/", Date("2026-07-02")),
                ("https://www.finops.org/framework/capabilities/unit-economics/", Date("2026-07-02")),
            ],
            runbook.UrlsAndDates());
        Assert.Equal(
            [
                "no title line found; title taken from the first sentence: \"Before changing token budget rules, review CometAPI error handling, pricing assumptions…\" (edit it in the catalog if needed).",
                "no follow_up_owner field: no owner yet.",
                "CometAPI help center (accessed 2026-07-02): no catalog source with that title; add its URL.",
                "CometAPI documentation (accessed 2026-07-02): no catalog source with that title; add its URL.",
                "CometAPI pricing documentation (accessed 2026-07-02): no catalog source with that title; add its URL.",
                "FinOps allocation capability (accessed 2026-07-02): no catalog source with that title; add its URL.",
                "FinOps unit economics capability (accessed 2026-07-02): no catalog source with that title; add its URL.",
            ],
            result.MessagesFor(runbook.Id));
    }

    [Fact]
    public async Task Both_samples_share_new_sources_once_in_order_of_first_citation()
    {
        var result = await ImportAsync(null, Runbook000, Runbook003);

        Assert.Equal(
            [
                ("apidoc-cometapi-com-pricing-about-pricing", "https://apidoc.cometapi.com/pricing/about-pricing"),
                ("apidoc-cometapi-com-support-help-center", "https://apidoc.cometapi.com/support/help-center"),
                ("apidoc-cometapi-com", "https://apidoc.cometapi.com/"),
                ("finops-org-framework-capabilities-allocation", "https://www.finops.org/framework/capabilities/allocation/"),
                ("finops-org-framework-capabilities-unit-economics", "https://www.finops.org/framework/capabilities/unit-economics/"),
            ],
            result.NewSources.Select(s => (s.Id, s.Url)));
        Assert.Equal(
            ["apidoc-cometapi-com", "apidoc-cometapi-com-support-help-center", "finops-org-framework-capabilities-allocation", "finops-org-framework-capabilities-unit-economics"],
            result.Runbooks[1].Sources.Select(s => s.Id));
    }

    [Fact]
    public async Task With_the_catalog_runbook_000_reuses_catalog_ids_and_urls_and_proposes_no_new_source()
    {
        var result = await ImportAsync(CometApiCatalog(), Runbook000);

        Assert.Empty(result.NewSources);
        var runbook = Assert.Single(result.Runbooks);
        Assert.Equal(
            [
                ("cometapi-pricing-docs", "https://apidoc.cometapi.com/pricing/about-pricing", (DateOnly?)null),
                ("cometapi-help-center", "https://apidoc.cometapi.com/support/help-center", Date("2026-07-01")),
                ("cometapi-docs", "https://apidoc.cometapi.com/", Date("2026-07-01")),
                ("finops-allocation", "https://www.finops.org/framework/capabilities/allocation", Date("2026-07-01")),
                ("finops-unit-economics", "https://www.finops.org/framework/capabilities/unit-economics/", Date("2026-07-01")),
            ],
            runbook.Sources.Select(s => (s.Id, s.Url, s.Accessed)));
        Assert.All(runbook.Sources, s => Assert.Equal(CitedSourceOrigin.Catalog, s.Origin));
    }

    [Fact]
    public async Task With_the_catalog_runbook_003_resolves_all_five_named_sources_and_flags_the_inexact_matches()
    {
        var result = await ImportAsync(CometApiCatalog(), Runbook003);

        Assert.Empty(result.NewSources);
        var runbook = Assert.Single(result.Runbooks);
        Assert.Equal<(string, DateOnly?, string?)>(
            [
                ("cometapi-docs", Date("2026-07-02"), "CometAPI documentation"),
                ("cometapi-help-center", Date("2026-07-02"), "CometAPI help center"),
                ("finops-allocation", Date("2026-07-02"), "FinOps allocation capability"),
                ("finops-unit-economics", Date("2026-07-02"), "FinOps unit economics capability"),
                // Named only; its URL comes from the catalog.
                ("cometapi-pricing-docs", Date("2026-07-02"), "CometAPI pricing documentation"),
            ],
            runbook.Sources.Select(s => (s.Id, s.Accessed, s.NamedAs)));
        Assert.Equal("https://apidoc.cometapi.com/pricing/about-pricing", runbook.Sources[4].Url);
        Assert.Equal(
            [
                "no title line found; title taken from the first sentence: \"Before changing token budget rules, review CometAPI error handling, pricing assumptions…\" (edit it in the catalog if needed).",
                "no follow_up_owner field: no owner yet.",
                "FinOps allocation capability (accessed 2026-07-02): matched to catalog source 'finops-allocation' (FinOps Framework: Allocation) by similar words; check it.",
                "FinOps unit economics capability (accessed 2026-07-02): matched to catalog source 'finops-unit-economics' (FinOps unit economics) by similar words; check it.",
            ],
            result.MessagesFor(runbook.Id));
    }
}
