using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>
/// What the API says beyond the status, shown: a runbook overdue as well as needing review says both, and a
/// failed review keeps the runbook flagged with the reviewer's notes (serve's clock is fixed, so a later pass
/// would carry the same instant: what clears it is the runbook tests' business); at a desk and on a phone.
/// </summary>
public sealed class ReviewOutcomeTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    private static int Height(int width) => width < 600 ? 844 : 900;

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task A_runbook_needing_review_that_is_also_overdue_says_both(int width)
    {
        await using var host = await DashboardHost.StartAsync();
        await host.CheckAsync();
        // cost-handoff was last reviewed 40 days ago on a 30-day cadence; its only source now breaks.
        host.Site.Pages.TryRemove(DashboardHost.AllocationPath, out _);
        await host.CheckAsync();
        await using var session = await OpenDashboardAsync(host, width: width, height: Height(width));
        var page = session.Page;

        var status = Row(page, "cost-handoff").Locator("td").First;
        await Expect(status.Locator(".badge")).ToHaveTextAsync(["Needs review", "Overdue 10 d"]);
        // A runbook that is only overdue says it once.
        await Expect(Row(page, "error-review").Locator("td").First.Locator(".badge")).ToHaveTextAsync(["Due soon"]);

        await OpenDetailAsync(page, "Cost allocation handoff");
        await Expect(page.Locator("#detail .facts").First.Locator(".badge")).ToHaveTextAsync(["Needs review", "Overdue 10 d"]);
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= innerWidth"));
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task A_failed_review_keeps_the_runbook_flagged_with_the_reviewers_notes(int width)
    {
        await using var host = await DashboardHost.StartAsync();
        await FlagBudgetGateAsync(host);
        await using var session = await OpenDashboardAsync(host, $"/#runbook=budget-gate", width, Height(width));
        var page = session.Page;
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync("Token budget quality gate");

        await page.GetByLabel("Reviewer (role)").FillAsync("platform-cost-operator");
        await page.GetByLabel("Fail").CheckAsync();
        await page.GetByLabel("Notes").FillAsync("The budget cap is wrong for per-call billing.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();

        await Expect(page.Locator("#detail-status")).ToHaveTextAsync("Review recorded for budget-gate: it is now needs review.");
        var failed = page.Locator("#detail article[data-finding=\"failed-review\"]");
        await Expect(failed.Locator("h4 .badge")).ToHaveTextAsync("Failed review");
        await Expect(failed.Locator(".finding-detail")).ToHaveTextAsync("The budget cap is wrong for per-call billing.");
        await Expect(page.Locator("#detail .history tbody tr").First.Locator("td").Nth(2)).ToHaveTextAsync("Fail");
        Assert.Equal("needs-review", await host.RunbookStatusAsync("budget-gate"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        var gate = Row(page, "budget-gate");
        await Expect(gate.Locator(".badge").First).ToHaveTextAsync("Needs review");
        await Expect(gate.Locator("td").Nth(4)).ToContainTextAsync("Failed review");
        Assert.Empty(session.Problems);
    }
}
