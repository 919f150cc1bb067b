using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>Opens the dashboard of a <see cref="DashboardHost"/> in a fresh tab, entering the key when serve has one.</summary>
[Collection(BrowserCollection.Name)]
public abstract class DashboardTestBase(ChromiumFixture chromium)
{
    protected IBrowser Browser => chromium.Browser;

    protected static ILocator Rows(IPage page) => page.Locator("#runbooks-body tr");

    protected static ILocator Row(IPage page, string runbookId) => page.Locator($"#runbooks-body tr[data-runbook=\"{runbookId}\"]");

    protected static ILocator SortHeader(IPage page, string sortKey) => page.Locator($"#runbooks-table th:has(button[data-sort=\"{sortKey}\"])");

    protected async Task<BrowserSession> OpenDashboardAsync(DashboardHost host, string path = "/", int width = 1280, int height = 900)
    {
        var session = await BrowserSession.OpenAsync(Browser, width, height);
        await session.Page.GotoAsync(new Uri(host.BaseUrl, path).ToString());
        if (host.ApiKey is not null)
        {
            await session.Page.GetByLabel("Function key", new() { Exact = true }).FillAsync(host.ApiKey);
            await session.Page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        }
        await Expect(Rows(session.Page)).ToHaveCountAsync(host.RunbookCount);
        return session;
    }

    /// <summary>The runbook ids in the table, top to bottom.</summary>
    protected static Task<string[]> RowOrderAsync(IPage page) =>
        Rows(page).EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.runbook)");

    /// <summary>Baseline check, a change to the pricing page, and a second check: budget-gate needs review.</summary>
    protected static async Task FlagBudgetGateAsync(DashboardHost host)
    {
        await host.CheckAsync();
        host.Site.Pages[DashboardHost.PricingPath] = DashboardHost.Doc("Pricing",
            "Token-based billing applies to models with unified official pricing.", "Per-call billing now applies to every model.");
        await host.CheckAsync();
        Assert.Equal("needs-review", await host.RunbookStatusAsync("budget-gate"));
    }

    protected static async Task OpenDetailAsync(IPage page, string title)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = title, Exact = true }).ClickAsync();
        await Expect(page.Locator("#detail")).ToBeVisibleAsync();
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync(title);
    }
}
