using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>From a changed page to a recorded review: check now, the finding and its diff, the review form.</summary>
public sealed class RunbookDetailTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    [Fact]
    public async Task Run_a_check_now_flags_the_runbook_whose_page_changed_and_its_detail_shows_the_finding_and_diff()
    {
        await using var host = await DashboardHost.StartAsync(apiKey: "k3y-for-browser-tests");
        await using var session = await OpenDashboardAsync(host);
        var page = session.Page;
        var checkNow = page.Locator("#run-check");
        await Expect(checkNow).ToHaveTextAsync("Run a check now");

        await checkNow.ClickAsync();
        await Expect(page.Locator("#check-status")).ToHaveTextAsync("Check finished: 3 sources checked (3 new). No runbook needs review.");
        await Expect(Row(page, "budget-gate").Locator(".badge")).ToHaveTextAsync("Current");

        host.Site.Pages[DashboardHost.PricingPath] = DashboardHost.Doc("Pricing",
            "Token-based billing applies to models with unified official pricing.", "Per-call billing now applies to every model.");
        await checkNow.ClickAsync();
        // The check's result is said in the check's panel, not at the top of the page.
        await Expect(page.Locator("#check-panel [role=status]")).ToHaveTextAsync("Check finished: 3 sources checked (1 changed, 2 unchanged). Needs review: budget-gate.");
        await Expect(page.Locator("#status")).Not.ToContainTextAsync("Check finished");
        await Expect(Row(page, "budget-gate").Locator(".badge")).ToHaveTextAsync("Needs review");
        Assert.Equal("budget-gate", (await RowOrderAsync(page))[0]);

        await OpenDetailAsync(page, "Token budget quality gate");
        var detail = page.Locator("#detail");
        var finding = detail.Locator("article[data-finding=\"pricing\"]");
        await Expect(finding.Locator("h4")).ToHaveTextAsync("pricing: Changed");
        await Expect(finding.Locator($"a[href=\"{host.Site.Url(DashboardHost.PricingPath)}\"]")).ToBeVisibleAsync();
        await Expect(finding.Locator("time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d UTC$"));
        // The change summary is the finding's detail: said once.
        await Expect(finding.Locator(".finding-detail")).ToHaveTextAsync("Pricing: 1 line changed");
        await Expect(finding.GetByText("Pricing: 1 line changed", new() { Exact = true })).ToHaveCountAsync(1);
        await Expect(finding.Locator(".change-summary")).ToHaveCountAsync(0);

        var removed = finding.Locator(".diff-line.removed");
        var added = finding.Locator(".diff-line.added");
        await Expect(removed).ToHaveCountAsync(1);
        await Expect(added).ToHaveCountAsync(1);
        await Expect(removed.Locator(".diff-sign")).ToHaveTextAsync("-");
        await Expect(removed.Locator(".diff-text")).ToHaveTextAsync("Per-call billing applies to models without official APIs.");
        await Expect(added.Locator(".diff-sign")).ToHaveTextAsync("+");
        await Expect(added.Locator(".diff-text")).ToHaveTextAsync("Per-call billing now applies to every model.");
        await Expect(removed).ToBeVisibleAsync();
        await Expect(added).ToBeVisibleAsync();
        await Expect(finding.Locator(".diff-line.context").Filter(new() { HasText = "Token-based billing applies" })).ToHaveCountAsync(1);
        Assert.NotEqual(
            await added.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"),
            await removed.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await Expect(finding.Locator(".diff-stats")).ToContainTextAsync("1 line added, 1 line removed");

        await Expect(detail.Locator("a[href=\"https://docs.example.com/runbooks/budget-gate.md\"]")).ToBeVisibleAsync();
        await Expect(detail.GetByText("No review recorded yet.")).ToBeVisibleAsync();
        Assert.Empty(session.Problems);
    }

    [Fact]
    public async Task Record_review_shows_the_field_error_next_to_the_field_then_records_it_and_the_runbook_is_current()
    {
        await using var host = await DashboardHost.StartAsync();
        await FlagBudgetGateAsync(host);
        await using var session = await OpenDashboardAsync(host);
        var page = session.Page;
        await OpenDetailAsync(page, "Token budget quality gate");
        var reviewer = page.GetByLabel("Reviewer (role)");

        await page.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();

        var error = page.Locator("#review-reviewer-error");
        await Expect(error).ToHaveTextAsync("a review needs the reviewer's role (reviewer)");
        await Expect(reviewer).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(reviewer).ToHaveAttributeAsync("aria-describedby", "review-reviewer-error");
        await Expect(reviewer).ToBeFocusedAsync();
        // The page behind the modal dialog is inert, so the dialog has its own live region.
        await Expect(page.Locator("#detail [role=status]")).ToHaveTextAsync("The review was not recorded: a review needs the reviewer's role (reviewer)");
        Assert.Equal("needs-review", await host.RunbookStatusAsync("budget-gate"));

        await reviewer.FillAsync("platform-cost-operator");
        // A pass: only a pass makes the runbook current (a fail keeps it needs-review with a failed-review finding).
        await page.GetByLabel("Pass").CheckAsync();
        await page.GetByLabel("Notes").FillAsync("Per-call billing changed; budgets need a new cap.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();

        await Expect(page.Locator("#detail [role=status]")).ToHaveTextAsync("Review recorded for budget-gate: it is now current.");
        await Expect(error).ToBeHiddenAsync();
        await Expect(reviewer).Not.ToHaveAttributeAsync("aria-invalid", "true");
        var history = page.Locator("#detail .history tbody tr");
        await Expect(history).ToHaveCountAsync(1);
        await Expect(history.Locator("td").Nth(1)).ToHaveTextAsync("platform-cost-operator");
        await Expect(history.Locator("td").Nth(2)).ToHaveTextAsync("Pass");
        await Expect(history.Locator("td").Nth(3)).ToHaveTextAsync("Per-call billing changed; budgets need a new cap.");
        await Expect(page.Locator("#detail").GetByText("No open findings", new() { Exact = false })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(page.Locator("#detail")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Token budget quality gate" })).ToBeFocusedAsync();
        await Expect(Row(page, "budget-gate").Locator(".badge")).ToHaveTextAsync("Current");
        await Expect(Row(page, "budget-gate").Locator("td").Nth(2)).ToHaveTextAsync(DashboardHost.Today.ToString("yyyy-MM-dd"));
        Assert.Equal("current", await host.RunbookStatusAsync("budget-gate"));
    }
}
