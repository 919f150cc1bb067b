using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>The runbook table: statuses in words, needs-review first, sortable headers with aria-sort, labelled filters.</summary>
public sealed class RunbookTableTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    [Fact]
    public async Task Every_runbook_is_listed_with_its_status_in_words_owner_dates_and_findings_most_urgent_first()
    {
        await using var host = await DashboardHost.StartAsync();
        await FlagBudgetGateAsync(host);
        await using var session = await OpenDashboardAsync(host);
        var page = session.Page;

        Assert.Equal(["budget-gate", "cost-handoff", "error-review"], await RowOrderAsync(page));
        await Expect(SortHeader(page, "status")).ToHaveAttributeAsync("aria-sort", "ascending");

        var gate = Row(page, "budget-gate");
        await Expect(gate.Locator(".badge")).ToHaveTextAsync("Needs review");
        await Expect(gate.Locator("td").Nth(1)).ToHaveTextAsync("platform-cost-operator");
        await Expect(gate.Locator("td").Nth(2)).ToHaveTextAsync(DashboardHost.Today.AddDays(-3).ToString("yyyy-MM-dd"));
        await Expect(gate.Locator("td").Nth(3)).ToHaveTextAsync(DashboardHost.Today.AddDays(27).ToString("yyyy-MM-dd"));
        await Expect(gate.Locator("td").Nth(4)).ToContainTextAsync("1 finding");
        await Expect(gate.Locator("td").Nth(4)).ToContainTextAsync("pricing: changed");

        await Expect(Row(page, "cost-handoff").Locator(".badge")).ToHaveTextAsync("Overdue");
        await Expect(Row(page, "cost-handoff").Locator("td").Nth(1)).ToHaveTextAsync("finops-budget-owner");
        await Expect(Row(page, "cost-handoff").Locator("td").Nth(4)).ToHaveTextAsync("None");
        await Expect(Row(page, "error-review").Locator(".badge")).ToHaveTextAsync("Due soon");

        // The colour only repeats the words: each status has its own badge style.
        var backgrounds = await page.Locator("#runbooks-body .badge").EvaluateAllAsync<string[]>("els => els.map(e => getComputedStyle(e).backgroundColor)");
        Assert.Equal(3, backgrounds.Distinct().Count());
    }

    [Fact]
    public async Task Header_buttons_sort_both_ways_and_say_so_with_aria_sort()
    {
        await using var host = await DashboardHost.StartAsync();
        await using var session = await OpenDashboardAsync(host);
        var page = session.Page;

        await page.GetByRole(AriaRole.Button, new() { Name = "Runbook", Exact = true }).ClickAsync();
        await Expect(SortHeader(page, "title")).ToHaveAttributeAsync("aria-sort", "ascending");
        Assert.Null(await SortHeader(page, "status").GetAttributeAsync("aria-sort"));
        Assert.Equal(["error-review", "cost-handoff", "budget-gate"], await RowOrderAsync(page));

        await page.GetByRole(AriaRole.Button, new() { Name = "Runbook", Exact = true }).ClickAsync();
        await Expect(SortHeader(page, "title")).ToHaveAttributeAsync("aria-sort", "descending");
        Assert.Equal(["budget-gate", "cost-handoff", "error-review"], await RowOrderAsync(page));

        await page.GetByRole(AriaRole.Button, new() { Name = "Next review due", Exact = true }).ClickAsync();
        await Expect(SortHeader(page, "nextReviewDue")).ToHaveAttributeAsync("aria-sort", "ascending");
        Assert.Equal(["cost-handoff", "error-review", "budget-gate"], await RowOrderAsync(page));
        await Expect(page.Locator("#runbooks-caption")).ToContainTextAsync("sorted by next review due, ascending");
    }

    [Fact]
    public async Task Status_and_owner_filters_narrow_the_table()
    {
        await using var host = await DashboardHost.StartAsync();
        await using var session = await OpenDashboardAsync(host);
        var page = session.Page;
        var status = page.GetByLabel("Status", new() { Exact = true });
        var owner = page.GetByLabel("Owner", new() { Exact = true });

        await status.SelectOptionAsync(new SelectOptionValue { Label = "Overdue" });
        await Expect(Rows(page)).ToHaveCountAsync(1);
        await Expect(Row(page, "cost-handoff")).ToBeVisibleAsync();

        await status.SelectOptionAsync(new SelectOptionValue { Label = "All statuses" });
        await owner.SelectOptionAsync(new SelectOptionValue { Label = "platform-cost-operator" });
        await Expect(Rows(page)).ToHaveCountAsync(2);
        Assert.Equal(["error-review", "budget-gate"], await RowOrderAsync(page));

        await status.SelectOptionAsync(new SelectOptionValue { Label = "Overdue" });
        await Expect(Rows(page)).ToHaveCountAsync(0);
        await Expect(page.GetByText("No runbook matches these filters.")).ToBeVisibleAsync();

        await owner.SelectOptionAsync(new SelectOptionValue { Label = "All owners" });
        await status.SelectOptionAsync(new SelectOptionValue { Label = "All statuses" });
        await Expect(Rows(page)).ToHaveCountAsync(3);
    }
}
