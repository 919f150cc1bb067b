using ReviewCadence.Catalog;

namespace ReviewCadence.Tests.Catalog;

public class CatalogLoaderTests
{
    private const string Valid = """
        settings:
          allowPrivateNetworks: true
          maxConcurrency: 4
        sources:
          - id: docs
            url: https://example.com/docs
            title: Example docs
            select: "#content"
            exclude: [".feedback"]
            ignore: ['Last modified on .*']
        owners:
          - id: ops
            notify:
              - { type: webhook, url: "${HOOK_URL}", secret: "${HOOK_SECRET}" }
            escalateTo: lead
          - id: lead
        runbooks:
          - id: rb-one
            title: Runbook one
            owner: ops
            cadenceDays: 14
            lastReviewed: 2026-07-01
            sources: [docs, https://example.com/extra-page]
        """;

    [Fact]
    public void Loads_a_valid_catalog_with_defaults_and_implicit_sources()
    {
        var catalog = CatalogLoader.Parse(Valid, "catalog.yaml");

        Assert.True(catalog.Settings.AllowPrivateNetworks);
        Assert.Equal(4, catalog.Settings.MaxConcurrency);
        Assert.Equal(4, catalog.Settings.PerHostConcurrency);
        Assert.Equal(3, catalog.Reminders.RepeatEveryDays);
        var runbook = Assert.Single(catalog.Runbooks);
        Assert.Equal(new DateOnly(2026, 7, 1), runbook.LastReviewed);
        Assert.Equal(14, runbook.CadenceDays);
        Assert.Equal(2, runbook.SourceIds.Count);
        var extra = catalog.FindSource(runbook.SourceIds[1])!;
        Assert.True(extra.Implicit);
        Assert.Equal("https://example.com/extra-page", extra.Url.ToString());
        Assert.Equal("url-example-com-extra-page", extra.Id);
        var docs = catalog.FindSource("docs")!;
        Assert.Equal(["#content"], docs.Select);
        Assert.Matches(docs.Ignore.Single(), "Last modified on May 3");
        Assert.Equal("${HOOK_URL}", catalog.FindOwner("ops")!.Notify.Single().Get("url"));
    }

    [Fact]
    public void Shipped_catalog_is_valid_and_cites_the_six_sources()
    {
        var catalog = CatalogLoader.Load(Path.Combine(TestPaths.RepoRoot, "catalog.yaml"));

        Assert.Equal(6, catalog.Sources.Count);
        Assert.Contains(catalog.Sources, s => s.Url.ToString() == "https://apidoc.cometapi.com/pricing/about-pricing");
        Assert.Contains(catalog.Sources, s => s.Url.ToString() == "https://www.finops.org/framework/capabilities/unit-economics/");
        Assert.Equal(5, catalog.Runbooks.Count);
        Assert.All(catalog.Runbooks, r => Assert.Equal(30, r.CadenceDays));
        Assert.All(catalog.Runbooks, r => Assert.NotNull(r.LastReviewed));
        Assert.False(catalog.Settings.AllowPrivateNetworks);
    }

    public static TheoryData<string, string, int, string> Malformed => new()
    {
        { "bad yaml", "settings:\n  retries: 3: 4\nsources: []\n", 2, "not valid YAML" },
        { "unknown key", Valid.Replace("    title: Example docs", "    titel: Example docs"), 7, "unknown key 'titel'" },
        { "duplicate id", Valid.Replace("  - id: lead", "  - id: ops"), 16, "duplicate owner id 'ops'" },
        { "unknown source", Valid.Replace("sources: [docs,", "sources: [nope,"), 23, "cites source 'nope'" },
        { "relative url", Valid.Replace("url: https://example.com/docs", "url: /docs"), 6, "'/docs' is not an absolute http(s) URL" },
        { "bad regex", Valid.Replace("'Last modified on .*'", "'Last (modified'"), 10, "not a valid regular expression" },
        { "bad selector", Valid.Replace("\"#content\"", "\"div[[\""), 8, "not a valid CSS selector" },
        { "unknown owner", Valid.Replace("    owner: ops", "    owner: nobody"), 20, "owner 'nobody'" },
        { "bad date", Valid.Replace("2026-07-01", "July 1"), 22, "'lastReviewed' must be a date" },
        { "bad number", Valid.Replace("maxConcurrency: 4", "maxConcurrency: many"), 3, "'maxConcurrency' must be a whole number" },
        { "unknown channel", Valid.Replace("type: webhook", "type: pager"), 14, "unknown notify type 'pager'" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_catalogs_name_the_file_and_line(string _, string yaml, int line, string message)
    {
        var ex = Assert.Throws<CatalogException>(() => CatalogLoader.Parse(yaml, "my-catalog.yaml"));

        var error = Assert.Single(ex.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal("my-catalog.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.StartsWith($"my-catalog.yaml:{line}: ", error.ToString());
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var yaml = Valid.Replace("    titel", "    title").Replace("url: https://example.com/docs", "url: ftp://example.com/docs").Replace("owner: ops", "owner: ghost");

        var ex = Assert.Throws<CatalogException>(() => CatalogLoader.Parse(yaml, "c.yaml"));

        Assert.True(ex.Errors.Count >= 2, string.Join("\n", ex.Errors));
    }

    [Fact]
    public void A_webhook_url_that_is_not_a_url_is_rejected_without_echoing_it()
    {
        var yaml = Valid.Replace("url: \"${HOOK_URL}\"", "url: \"not-a-url-with-secret-token\"");

        var ex = Assert.Throws<CatalogException>(() => CatalogLoader.Parse(yaml, "c.yaml"));

        Assert.DoesNotContain("secret-token", ex.Message);
        Assert.All(ex.Errors, e => Assert.DoesNotContain("secret-token", e.Message));
    }

    [Fact]
    public void Missing_file_is_a_catalog_error()
    {
        var ex = Assert.Throws<CatalogException>(() => CatalogLoader.Load("/nonexistent/catalog.yaml"));
        Assert.Contains("cannot read the catalog", ex.Message);
    }
}
