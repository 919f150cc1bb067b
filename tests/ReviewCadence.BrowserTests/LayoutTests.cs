using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>
/// Every view fits its screen: at 390 px nothing scrolls sideways and tables become cards no wider than the
/// screen; the buttons leave the first screen to the data; at 1280 px tables stay tables.
/// </summary>
public sealed class LayoutTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    /// <summary>The page does not scroll sideways, and no visible table or dialog reaches past the screen's edges.</summary>
    private static async Task AssertFitsAsync(IPage page, int width, string view)
    {
        var overflow = await page.EvaluateAsync<string[]>("""
            () => {
              const problems = [];
              const root = document.scrollingElement;
              if (root.scrollWidth > innerWidth) problems.push(`the page is ${root.scrollWidth}px wide in a ${innerWidth}px screen`);
              for (const e of document.querySelectorAll('table, dialog[open], .diff, .panel')) {
                if (!e.checkVisibility()) continue;
                const box = e.getBoundingClientRect();
                if (box.left < 0 || box.right > innerWidth + 0.5) problems.push(`${e.tagName.toLowerCase()}#${e.id}.${e.className} spans ${box.left}..${box.right}`);
                if (e.scrollWidth > e.clientWidth + 1 && e.tagName !== 'DIALOG') problems.push(`${e.tagName.toLowerCase()}#${e.id}.${e.className} scrolls sideways inside (${e.scrollWidth} > ${e.clientWidth})`);
              }
              for (const d of document.querySelectorAll('dialog[open]')) {
                if (d.scrollWidth > d.clientWidth + 1) problems.push(`dialog#${d.id} scrolls sideways (${d.scrollWidth} > ${d.clientWidth})`);
              }
              return problems;
            }
            """);
        Assert.True(overflow.Length == 0, $"{view} at {width}px: {string.Join("; ", overflow)}");
    }

    private static Task<string[]> RowDisplaysAsync(IPage page, string tableSelector) =>
        page.Locator($"{tableSelector} tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => getComputedStyle(r).display)");

    [Fact]
    public async Task On_a_390px_phone_no_view_scrolls_sideways_and_tables_are_cards_within_the_screen()
    {
        await using var host = await DashboardHost.StartAsync(numbered: 4);
        await FlagBudgetGateAsync(host);
        host.Site.Pages.TryRemove(DashboardHost.AllocationPath, out _);
        await using var session = await OpenDashboardAsync(host, width: PhoneWidth, height: PhoneHeight);
        var page = session.Page;

        await AssertFitsAsync(page, PhoneWidth, "runbooks");
        Assert.All(await RowDisplaysAsync(page, "#runbooks-table"), display => Assert.Equal("block", display));
        var card = await Rows(page).First.BoundingBoxAsync();
        Assert.True(card!.X >= 0 && card.X + card.Width <= PhoneWidth, $"a runbook card spans {card.X}..{card.X + card.Width}");
        // A card labels its values, as the header row would.
        var label = await Row(page, "budget-gate").Locator("td").First.EvaluateAsync<string>("td => getComputedStyle(td, '::before').content");
        Assert.Equal("\"Status\"", label);
        // The header stays, as sort buttons.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Next review due", Exact = true })).ToBeVisibleAsync();

        // The buttons leave most of the first screen to the data: the first card starts on it.
        var actions = await page.Locator("#app .actions").First.BoundingBoxAsync();
        Assert.True(actions!.Y + actions.Height <= PhoneHeight * 0.35, $"the buttons end at {actions.Y + actions.Height}px of {PhoneHeight}px");
        Assert.True(card.Y < PhoneHeight * 0.75, $"the first runbook starts at {card.Y}px of a {PhoneHeight}px screen");
        foreach (var name in new[] { "Run a check now", "Send reminders now", "Refresh" })
        {
            var box = await page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).BoundingBoxAsync();
            Assert.True(box!.Height >= 44 && box.Width < PhoneWidth * 0.9, $"{name}: {box.Width}x{box.Height}");
        }

        await page.Locator("#run-check").ClickAsync();
        await Expect(page.Locator("#check-status")).ToContainTextAsync("Check finished");
        await AssertFitsAsync(page, PhoneWidth, "check results");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send reminders now" }).ClickAsync();
        await Expect(page.Locator("#reminder-status")).ToContainTextAsync("Preview");
        await AssertFitsAsync(page, PhoneWidth, "reminder preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sources", Exact = true }).ClickAsync();
        await Expect(page.Locator("#sources-body tr")).ToHaveCountAsync(7);
        await AssertFitsAsync(page, PhoneWidth, "sources");
        Assert.All(await RowDisplaysAsync(page, "#sources-table"), display => Assert.Equal("block", display));
        var table = await page.Locator("#sources-table").BoundingBoxAsync();
        Assert.True(table!.Width <= PhoneWidth, $"the sources table is {table.Width}px wide");

        await page.GetByRole(AriaRole.Button, new() { Name = "Runbooks", Exact = true }).ClickAsync();
        await OpenDetailAsync(page, "Token budget quality gate");
        await Expect(page.Locator("#detail .diff-line.added")).ToBeVisibleAsync();
        await AssertFitsAsync(page, PhoneWidth, "runbook detail");
        await page.GetByLabel("Reviewer (role)").FillAsync("platform-cost-operator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
        await Expect(page.Locator("#detail .history tbody tr")).ToHaveCountAsync(1);
        await AssertFitsAsync(page, PhoneWidth, "runbook detail with its review history");
        Assert.All(await RowDisplaysAsync(page, "#detail .history"), display => Assert.Equal("block", display));
        Assert.Empty(session.Problems);
    }

    [Fact]
    public async Task At_1280px_tables_stay_tables_and_fit_the_page()
    {
        await using var host = await DashboardHost.StartAsync(numbered: 4);
        await FlagBudgetGateAsync(host);
        await using var session = await OpenDashboardAsync(host, width: 1280, height: 900);
        var page = session.Page;

        await AssertFitsAsync(page, 1280, "runbooks");
        Assert.All(await RowDisplaysAsync(page, "#runbooks-table"), display => Assert.Equal("table-row", display));
        var header = await page.Locator("#runbooks-table thead").EvaluateAsync<string>("e => getComputedStyle(e).display");
        Assert.Equal("table-header-group", header);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sources", Exact = true }).ClickAsync();
        await AssertFitsAsync(page, 1280, "sources");
        Assert.All(await RowDisplaysAsync(page, "#sources-table"), display => Assert.Equal("table-row", display));
        // Each value sits under its column: the cells of a row share one line.
        var tops = await page.Locator("#sources-body tr").First.Locator("td").EvaluateAllAsync<double[]>("cells => cells.map(c => c.getBoundingClientRect().top)");
        Assert.Single(tops.Distinct());

        await page.GetByRole(AriaRole.Button, new() { Name = "Runbooks", Exact = true }).ClickAsync();
        await OpenDetailAsync(page, "Token budget quality gate");
        await AssertFitsAsync(page, 1280, "runbook detail");
    }
}
