using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>The sources view: each source's last outcome, HTTP status, times, failures and citing runbooks.</summary>
public sealed class SourcesViewTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    private static readonly Regex Instant = new(@"^\d{4}-\d\d-\d\d \d\d:\d\d UTC$");

    [Fact]
    public async Task The_sources_view_lists_every_source_with_outcome_http_status_times_failures_and_citing_runbooks()
    {
        await using var host = await DashboardHost.StartAsync();
        await FlagBudgetGateAsync(host);
        host.Site.Pages.TryRemove(DashboardHost.AllocationPath, out _);
        await host.CheckAsync();
        await using var session = await OpenDashboardAsync(host);
        var page = session.Page;

        await page.GetByRole(AriaRole.Button, new() { Name = "Sources" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sources" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#sources-view")).ToBeVisibleAsync();
        await Expect(page.Locator("#runbooks-view")).ToBeHiddenAsync();
        await Expect(page.Locator("#sources-body tr")).ToHaveCountAsync(3);

        var pricing = page.Locator("#sources-body tr[data-source=\"pricing\"]");
        await Expect(pricing.Locator(".source-title")).ToHaveTextAsync("Pricing documentation");
        await Expect(pricing.Locator($"a[href=\"{host.Site.Url(DashboardHost.PricingPath)}\"]")).ToBeVisibleAsync();
        var cells = pricing.Locator("td");
        await Expect(cells.Nth(0).Locator(".badge")).ToHaveTextAsync("Unchanged");
        await Expect(cells.Nth(1)).ToHaveTextAsync("200");
        await Expect(cells.Nth(2)).ToHaveTextAsync(Instant);
        await Expect(cells.Nth(3)).ToHaveTextAsync(Instant);
        await Expect(cells.Nth(4)).ToHaveTextAsync("0");
        await Expect(cells.Nth(5)).ToHaveTextAsync("budget-gate");
        await Expect(cells.Nth(6).Locator(".change-text")).ToHaveTextAsync("Pricing: 1 line changed");

        var allocation = page.Locator("#sources-body tr[data-source=\"allocation\"]").Locator("td");
        await Expect(allocation.Nth(0).Locator(".badge")).ToHaveTextAsync("Broken");
        await Expect(allocation.Nth(1)).ToHaveTextAsync("404");
        await Expect(allocation.Nth(4)).ToHaveTextAsync("1");
        await Expect(allocation.Nth(5)).ToHaveTextAsync("cost-handoff");

        var help = page.Locator("#sources-body tr[data-source=\"help\"]").Locator("td");
        await Expect(help.Nth(0).Locator(".badge")).ToHaveTextAsync("Unchanged");
        await Expect(help.Nth(5).Locator("li")).ToHaveTextAsync(["budget-gate", "error-review"]);
        await Expect(help.Nth(6)).ToHaveTextAsync("No change recordedHistory");

        await page.GetByRole(AriaRole.Button, new() { Name = "Runbooks" }).ClickAsync();
        await Expect(page.Locator("#runbooks-view")).ToBeVisibleAsync();
        await Expect(page.Locator("#sources-view")).ToBeHiddenAsync();
    }
}
