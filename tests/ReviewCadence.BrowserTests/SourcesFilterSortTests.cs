using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>
/// The sources view at 300 sources' scale: a search over id, title and URL, an outcome filter, sortable columns
/// and links from a changed source to its diff and history; at a desk and on a phone.
/// </summary>
public sealed class SourcesFilterSortTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    private static ILocator SourceRows(IPage page) => page.Locator("#sources-body tr");

    private static Task<string[]> SourceOrderAsync(IPage page) =>
        SourceRows(page).EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.source)");

    private static ILocator SourceSort(IPage page, string key) => page.Locator($"#sources-table th:has(button[data-sort=\"{key}\"])");

    /// <summary>Baseline, then pricing changes and allocation disappears: pricing changed, allocation broken, help unchanged.</summary>
    private static async Task ChangeAndBreakAsync(DashboardHost host)
    {
        await host.CheckAsync();
        host.Site.Pages[DashboardHost.PricingPath] = DashboardHost.Doc("Pricing",
            "Token-based billing applies to models with unified official pricing.", "Per-call billing now applies to every model.");
        host.Site.Pages.TryRemove(DashboardHost.AllocationPath, out _);
        await host.CheckAsync();
    }

    private async Task<(BrowserSession Session, IPage Page)> OpenSourcesAsync(DashboardHost host, int width)
    {
        var session = await OpenDashboardAsync(host, width: width, height: width < 600 ? 844 : 900);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sources", Exact = true }).ClickAsync();
        await Expect(SourceRows(session.Page)).ToHaveCountAsync(3);
        return (session, session.Page);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task The_search_matches_id_title_and_url_and_every_word_must_match(int width)
    {
        await using var host = await DashboardHost.StartAsync();
        await ChangeAndBreakAsync(host);
        var (session, page) = await OpenSourcesAsync(host, width);
        await using var _ = session;
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search sources" });
        Assert.Equal("search", await search.GetAttributeAsync("type"));

        await search.FillAsync("alloc");
        Assert.Equal(["allocation"], await SourceOrderAsync(page));
        await Expect(page.Locator("#sources-caption")).ToContainTextAsync("Sources (1 of 3)");

        await search.FillAsync("/docs/");
        Assert.Equal(["pricing", "help"], await SourceOrderAsync(page));

        await search.FillAsync("PRICING documentation");
        Assert.Equal(["pricing"], await SourceOrderAsync(page));

        await search.FillAsync("help");
        Assert.Equal(["help"], await SourceOrderAsync(page));

        await search.FillAsync("pricing allocation");
        await Expect(SourceRows(page)).ToHaveCountAsync(0);
        await Expect(page.GetByText("No source matches this search.")).ToBeVisibleAsync();
        await Expect(page.Locator("#sources-status")).ToHaveTextAsync("Sources (0 of 3), sorted by last outcome, ascending: most in need of a look first");

        await search.FillAsync("");
        await Expect(SourceRows(page)).ToHaveCountAsync(3);
        await Expect(page.Locator("#sources-empty")).ToBeHiddenAsync();
        Assert.Empty(session.Problems);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task The_outcome_filter_narrows_to_one_outcome_or_to_everything_that_needs_attention(int width)
    {
        await using var host = await DashboardHost.StartAsync();
        await ChangeAndBreakAsync(host);
        var (session, page) = await OpenSourcesAsync(host, width);
        await using var _ = session;
        var outcome = page.GetByLabel("Outcome", new() { Exact = true });

        await outcome.SelectOptionAsync("changed");
        Assert.Equal(["pricing"], await SourceOrderAsync(page));
        await outcome.SelectOptionAsync("broken");
        Assert.Equal(["allocation"], await SourceOrderAsync(page));
        await outcome.SelectOptionAsync("unchanged");
        Assert.Equal(["help"], await SourceOrderAsync(page));
        await outcome.SelectOptionAsync("attention");
        Assert.Equal(["allocation", "pricing"], await SourceOrderAsync(page));

        // Search and filter together.
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search sources" }).FillAsync("docs");
        Assert.Equal(["pricing"], await SourceOrderAsync(page));
        await outcome.SelectOptionAsync("none");
        await Expect(SourceRows(page)).ToHaveCountAsync(0);
        await outcome.SelectOptionAsync("");
        Assert.Equal(["pricing", "help"], await SourceOrderAsync(page));
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task Columns_sort_both_ways_with_aria_sort_and_the_default_puts_what_needs_a_look_first(int width)
    {
        await using var host = await DashboardHost.StartAsync();
        await ChangeAndBreakAsync(host);
        var (session, page) = await OpenSourcesAsync(host, width);
        await using var _ = session;

        Assert.Equal(["allocation", "pricing", "help"], await SourceOrderAsync(page));
        await Expect(SourceSort(page, "outcome")).ToHaveAttributeAsync("aria-sort", "ascending");

        var byName = page.Locator("#sources-table button[data-sort=\"source\"]");
        await byName.ClickAsync();
        await Expect(SourceSort(page, "source")).ToHaveAttributeAsync("aria-sort", "ascending");
        Assert.Null(await SourceSort(page, "outcome").GetAttributeAsync("aria-sort"));
        // By title where there is one ("FinOps allocation", "Pricing documentation"), else by id ("help").
        Assert.Equal(["allocation", "help", "pricing"], await SourceOrderAsync(page));
        await byName.ClickAsync();
        await Expect(SourceSort(page, "source")).ToHaveAttributeAsync("aria-sort", "descending");
        Assert.Equal(["pricing", "help", "allocation"], await SourceOrderAsync(page));

        await page.Locator("#sources-table button[data-sort=\"failures\"]").ClickAsync();
        Assert.Equal(["pricing", "help", "allocation"], await SourceOrderAsync(page));
        await page.Locator("#sources-table button[data-sort=\"failures\"]").ClickAsync();
        Assert.Equal("allocation", (await SourceOrderAsync(page))[0]);
        await Expect(page.Locator("#sources-caption")).ToHaveTextAsync("Sources (3 of 3), sorted by consecutive failures, descending");
        // The sort is said in the view's own live region, not in the page's.
        await Expect(page.Locator("#sources-status")).ToHaveTextAsync("Sources (3 of 3), sorted by consecutive failures, descending");
        await Expect(page.Locator("#status")).Not.ToContainTextAsync("sorted");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task A_changed_source_links_to_its_diff_and_history_and_says_its_change_once(int width)
    {
        await using var host = await DashboardHost.StartAsync();
        await ChangeAndBreakAsync(host);
        var (session, page) = await OpenSourcesAsync(host, width);
        await using var _ = session;

        var pricing = page.Locator("#sources-body tr[data-source=\"pricing\"]");
        await Expect(pricing.GetByRole(AriaRole.Link, new() { Name = "Diff of pricing" })).ToHaveAttributeAsync("href", "#source=pricing&diff=last");
        await Expect(pricing.GetByRole(AriaRole.Link, new() { Name = "History of pricing" })).ToHaveAttributeAsync("href", "#source=pricing");
        // The outcome's detail is the change summary: shown once, under "Last change".
        await Expect(pricing.GetByText("Pricing: 1 line changed")).ToHaveCountAsync(1);
        await Expect(pricing.Locator(".outcome-detail")).ToHaveCountAsync(0);

        var help = page.Locator("#sources-body tr[data-source=\"help\"]");
        await Expect(help.GetByRole(AriaRole.Link, new() { Name = "Diff of help" })).ToHaveCountAsync(0);
        await Expect(help.GetByRole(AriaRole.Link, new() { Name = "History of help" })).ToBeVisibleAsync();
        // Nor is "HTTP 404" said twice: the HTTP column has it.
        var allocation = page.Locator("#sources-body tr[data-source=\"allocation\"]");
        await Expect(allocation.Locator("td").Nth(1)).ToHaveTextAsync("404");
        await Expect(allocation.Locator(".outcome-detail")).ToHaveCountAsync(0);

        // A citing runbook is a link to that runbook's detail.
        await help.GetByRole(AriaRole.Link, new() { Name = "error-review" }).ClickAsync();
        await Expect(page.Locator("#detail")).ToBeVisibleAsync();
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync("CometAPI error cost review");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task At_300_sources_a_search_finds_one_and_the_check_lists_only_what_changed(int width)
    {
        await using var host = await DashboardHost.StartAsync(numbered: 297);
        await host.CheckAsync();
        host.Site.Pages[DashboardHost.NumberedPath(150)] = DashboardHost.Doc("Reference page 150", "Step 150 now applies to one region only.", "Escalate to the owner when it fails.");
        await using var session = await OpenDashboardAsync(host, width: width, height: width < 600 ? 844 : 900);
        var page = session.Page;

        await page.Locator("#run-check").ClickAsync();
        await Expect(page.Locator("#check-status")).ToHaveTextAsync("Check finished: 300 sources checked (1 changed, 299 unchanged). Needs review: runbook-150.");
        await Expect(page.Locator("#check-body .check-listed li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#check-body details.check-unchanged summary")).ToHaveTextAsync("299 unchanged sources");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sources", Exact = true }).ClickAsync();
        await Expect(SourceRows(page)).ToHaveCountAsync(300);
        // The changed one comes first, before 299 unchanged.
        Assert.Equal("page-150", (await SourceOrderAsync(page))[0]);
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search sources" }).FillAsync("page-15");
        // The changed one first, then the rest in natural order.
        string[] fifteens = ["page-150", "page-15", .. Enumerable.Range(151, 9).Select(i => $"page-{i}")];
        Assert.Equal(fifteens, await SourceOrderAsync(page));
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search sources" }).FillAsync("/reference/page-150");
        Assert.Equal(["page-150"], await SourceOrderAsync(page));
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search sources" }).FillAsync("");
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= innerWidth"), "the page scrolls sideways at 300 sources");
        var table = await page.Locator("#sources-table").BoundingBoxAsync();
        Assert.True(table!.X >= 0 && table.X + table.Width <= width, $"the sources table spans {table.X}..{table.X + table.Width} of {width}px");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task Runbooks_and_sources_sort_in_natural_order_runbook_2_before_runbook_10(int width)
    {
        await using var host = await DashboardHost.StartAsync(numbered: 12);
        await using var session = await OpenDashboardAsync(host, width: width, height: width < 600 ? 844 : 900);
        var page = session.Page;

        await page.GetByRole(AriaRole.Button, new() { Name = "Runbook", Exact = true }).ClickAsync();
        var titles = await Rows(page).Locator("th button").AllTextContentsAsync();
        Assert.Equal(
            ["CometAPI error cost review", "Cost allocation handoff", .. Enumerable.Range(1, 12).Select(i => $"Runbook {i}"), "Token budget quality gate"],
            titles);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sources", Exact = true }).ClickAsync();
        await page.Locator("#sources-table button[data-sort=\"source\"]").ClickAsync();
        var sources = await SourceOrderAsync(page);
        Assert.True(Array.IndexOf(sources, "page-2") < Array.IndexOf(sources, "page-10"), string.Join(", ", sources));
        Assert.Equal([.. Enumerable.Range(1, 12).Select(i => $"page-{i}")], sources.Where(s => s.StartsWith("page-", StringComparison.Ordinal)));
    }
}
