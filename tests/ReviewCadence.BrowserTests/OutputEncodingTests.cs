using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>Titles, change summaries and diffs come from the internet: they show as text and never run.</summary>
public sealed class OutputEncodingTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    private const string Title = "Pricing <img src=x onerror=alert('title')>";
    private const string Heading = "<script>alert(1)</script> Pricing";
    private const string AddedText = "Per-call billing <img src=x onerror=alert(2)> applies.";

    [Fact]
    public async Task Markup_in_titles_summaries_and_diffs_is_shown_literally_and_never_runs()
    {
        await using var host = await DashboardHost.StartAsync(pricingTitle: Title);
        // The page's text (escaped in its HTML) is markup once extracted: exactly what an attacker controls.
        host.Site.Pages[DashboardHost.PricingPath] = DashboardHost.Doc("&lt;script&gt;alert(1)&lt;/script&gt; Pricing", "Token-based billing applies.", "Per-call billing applies.");
        await host.CheckAsync();
        host.Site.Pages[DashboardHost.PricingPath] = DashboardHost.Doc("&lt;script&gt;alert(1)&lt;/script&gt; Pricing", "Token-based billing applies.", "Per-call billing &lt;img src=x onerror=alert(2)&gt; applies.");
        await host.CheckAsync();
        await using var session = await OpenDashboardAsync(host);
        var page = session.Page;

        await page.GetByRole(AriaRole.Button, new() { Name = "Sources" }).ClickAsync();
        var pricing = page.Locator("#sources-body tr[data-source=\"pricing\"]");
        await Expect(pricing.Locator(".source-title")).ToHaveTextAsync(Title);
        await Expect(pricing.Locator("td").Nth(6).Locator(".change-text")).ToHaveTextAsync($"{Heading}: 1 line changed");

        await page.GetByRole(AriaRole.Button, new() { Name = "Runbooks" }).ClickAsync();
        await OpenDetailAsync(page, "Token budget quality gate");
        var finding = page.Locator("#detail article[data-finding=\"pricing\"]");
        await Expect(finding.Locator(".finding-detail")).ToHaveTextAsync($"{Heading}: 1 line changed");
        await Expect(finding.Locator(".diff-line.added .diff-text")).ToHaveTextAsync(AddedText);
        await Expect(finding.Locator(".diff-line.context .diff-text").First).ToHaveTextAsync($"# {Heading}");
        await Expect(page.GetByText(AddedText)).ToBeVisibleAsync();

        // A document that is not an http(s) URL is text, never a link.
        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await OpenDetailAsync(page, "Cost allocation handoff");
        await Expect(page.Locator("#detail").GetByText("javascript:alert(document.domain)")).ToBeVisibleAsync();

        await page.WaitForTimeoutAsync(300);
        Assert.Empty(session.Dialogs);
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(1, await page.Locator("script").CountAsync());
        Assert.Equal(0, await page.Locator("a[href^=\"javascript:\" i]").CountAsync());
        Assert.Empty(session.Problems);
    }
}
