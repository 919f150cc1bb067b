using ReviewCadence.Catalog;

namespace ReviewCadence.Tests.Catalog;

/// <summary>The catalog keys of <c>render: browser</c>: a source's <c>render</c> and <c>settings.browser</c>.</summary>
public class BrowserCatalogTests
{
    private static string Catalog(string browser, string render) => $"""
        settings:
        {browser}
        sources:
          - id: app
            url: https://status.example.com/
        {render}
          - id: docs
            url: https://example.com/docs
        owners:
          - id: ops
        runbooks:
          - id: rb
            title: Runbook
            owner: ops
            cadenceDays: 14
            sources: [app, docs]
        """;

    [Fact]
    public void A_source_renders_in_the_configured_browser_and_others_stay_plain_http()
    {
        var catalog = CatalogLoader.Parse(Catalog("  browser:\n    executablePath: /usr/bin/chromium", "    render: browser"), "c.yaml");

        Assert.Equal(SourceRender.Browser, catalog.FindSource("app")!.Render);
        Assert.Equal(SourceRender.Http, catalog.FindSource("docs")!.Render);
        Assert.Equal("/usr/bin/chromium", catalog.Settings.Browser.ExecutablePath);
        Assert.Null(catalog.Settings.Browser.Endpoint);
    }

    [Fact]
    public void An_endpoint_may_hold_a_setting_reference_kept_unresolved()
    {
        var catalog = CatalogLoader.Parse(Catalog("  browser:\n    endpoint: \"wss://browser.internal/devtools?token=${BROWSER_TOKEN}\"", "    render: browser"), "c.yaml");

        Assert.Equal("wss://browser.internal/devtools?token=${BROWSER_TOKEN}", catalog.Settings.Browser.Endpoint);
    }

    public static TheoryData<string, string, int, string> Malformed => new()
    {
        { "no browser configured", "  retries: 1", 6, "'render: browser' needs a browser: set 'settings.browser.executablePath'" },
        { "unknown render", "  retries: 1", 6, "'render' must be 'http' or 'browser', not 'chrome'" },
        { "both ways", "  browser:\n    executablePath: /usr/bin/chromium\n    endpoint: ws://b:9222", 3, "not both" },
        { "neither way", "  browser:\n    headless: true", 3, "needs 'executablePath'" },
        { "bad endpoint", "  browser:\n    endpoint: browser:9222", 3, "must be a ws://, wss://, http:// or https:// URL" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Mistakes_name_the_file_line_and_fix(string name, string browser, int line, string message)
    {
        var render = name == "unknown render" ? "    render: chrome" : "    render: browser";

        var ex = Assert.Throws<CatalogException>(() => CatalogLoader.Parse(Catalog(browser, render), "c.yaml"));

        var error = Assert.Single(ex.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(line, error.Line);
        Assert.Equal("c.yaml", error.File);
    }
}
