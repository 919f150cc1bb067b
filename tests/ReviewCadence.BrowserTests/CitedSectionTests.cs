using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>A runbook citing one section of a page: its detail shows the section, the claim gone and the quoted change.</summary>
public sealed class CitedSectionTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    private static string PricingPage(string perCall) => $"""
        <!doctype html>
        <html><head><title>Pricing</title></head>
        <body>
          <nav><a href="/">Home</a> <a href="/docs">Docs</a></nav>
          <main><article>
            <h1>Pricing</h1>
            <p>CometAPI prices every model in USD.</p>
            <h2 id="token-based-billing">Token-based billing</h2>
            <p>Models with unified official pricing are billed per token.</p>
            <section id="per-call"><h2>Per-call billing</h2><p>{perCall}</p></section>
          </article></main>
          <footer>Copyright Example</footer>
        </body></html>
        """;

    [Fact]
    public async Task The_runbook_detail_shows_the_cited_section_the_claim_gone_and_the_quoted_change()
    {
        await using var host = await DashboardHost.StartAsync(
            budgetGateSources: """[{ source: pricing, section: "#per-call", claims: ["billed per call"] }, help]""");
        host.Site.Pages[DashboardHost.PricingPath] = PricingPage("Models without official APIs are billed per call at a fixed price.");
        await host.CheckAsync();
        host.Site.Pages[DashboardHost.PricingPath] = PricingPage("Models without official APIs are billed per request at a fixed price.");
        await host.CheckAsync();
        Assert.Equal("needs-review", await host.RunbookStatusAsync("budget-gate"));

        await using var session = await OpenDashboardAsync(host);
        var page = session.Page;
        await OpenDetailAsync(page, "Token budget quality gate");

        var section = page.Locator("#detail article[data-finding=\"pricing\"] .cited-section");
        await Expect(section.Locator(".section-name")).ToHaveTextAsync("#per-call");
        await Expect(section.Locator(".missing-claims li")).ToHaveTextAsync("billed per call");
        var removed = section.Locator(".section-quote .diff-line.removed .diff-text");
        var added = section.Locator(".section-quote .diff-line.added .diff-text");
        await Expect(removed).ToHaveTextAsync("Models without official APIs are billed per call at a fixed price.");
        await Expect(added).ToHaveTextAsync("Models without official APIs are billed per request at a fixed price.");
        await Expect(page.Locator("#detail article[data-finding=\"pricing\"] dd").Filter(new() { HasText = "Claim no longer found" }))
            .ToHaveTextAsync("Claim no longer found in section \"#per-call\": \"billed per call\"");
        Assert.Empty(session.Problems);
    }
}
