using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>
/// What a check says: its results with unchanged (and baseline) sources behind a count, and the page's line on
/// when the last check ran and how it ended, finished or inconclusive; at a desk and on a phone.
/// </summary>
public sealed class CheckOutcomeTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task A_checks_results_list_what_needs_a_look_and_collapse_unchanged_sources_behind_a_count(int width)
    {
        await using var host = await DashboardHost.StartAsync(numbered: 12);
        await using var session = await OpenDashboardAsync(host, width: width, height: width < 600 ? 844 : 900);
        var page = session.Page;
        var checkNow = page.Locator("#run-check");

        await checkNow.ClickAsync();
        await Expect(page.Locator("#check-status")).ToHaveTextAsync("Check finished: 15 sources checked (15 new). No runbook needs review.");
        var baseline = page.Locator("#check-body details.check-new");
        await Expect(baseline.Locator("summary")).ToHaveTextAsync("15 new sources");
        await Expect(baseline.Locator("li").First).ToBeHiddenAsync();
        await Expect(page.Locator("#check-body .check-listed")).ToHaveCountAsync(0);

        host.Site.Pages[DashboardHost.PricingPath] = DashboardHost.Doc("Pricing",
            "Token-based billing applies to models with unified official pricing.", "Per-call billing now applies to every model.");
        host.Site.Pages.TryRemove(DashboardHost.AllocationPath, out _);
        await checkNow.ClickAsync();

        await Expect(page.Locator("#check-status")).ToHaveTextAsync(
            "Check finished: 15 sources checked (1 broken, 1 changed, 13 unchanged). Needs review: budget-gate, cost-handoff.");
        var listed = page.Locator("#check-body .check-listed li");
        Assert.Equal(["allocation", "pricing"], await listed.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.source)"));
        await Expect(listed.Nth(0).Locator(".badge")).ToHaveTextAsync("Broken");
        await Expect(listed.Nth(1).Locator(".badge")).ToHaveTextAsync("Changed");

        var unchanged = page.Locator("#check-body details.check-unchanged");
        await Expect(unchanged.Locator("summary")).ToHaveTextAsync("13 unchanged sources");
        await Expect(unchanged.Locator("li")).ToHaveCountAsync(13);
        await Expect(unchanged.Locator("li").First).ToBeHiddenAsync();
        await unchanged.Locator("summary").ClickAsync();
        await Expect(unchanged.Locator("li").First).ToBeVisibleAsync();
        // Natural order in the list too: page-2 before page-10.
        var ids = await unchanged.Locator("li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.source)");
        Assert.True(Array.IndexOf(ids, "page-2") < Array.IndexOf(ids, "page-10"), string.Join(", ", ids));

        // The result belongs to the check: its panel says it, the page's status line does not.
        await Expect(page.Locator("#status")).Not.ToContainTextAsync("Check finished");
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= innerWidth"), "the page scrolls sideways");
        Assert.Empty(session.Problems);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task The_page_says_when_the_last_check_ran_and_whether_it_finished_or_was_inconclusive(int width)
    {
        await using var host = await DashboardHost.StartAsync();
        await using var session = await OpenDashboardAsync(host, width: width, height: width < 600 ? 844 : 900);
        var page = session.Page;
        var line = page.Locator("#last-check");
        await Expect(line).ToHaveTextAsync("No check yet No check has run yet: run one to take the first baseline.");

        // A check started elsewhere (the timer, the CLI, a script) shows after a refresh.
        var report = await host.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        await Expect(line).ToHaveTextAsync(new Regex(@"^Last check \d{4}-\d\d-\d\d \d\d:\d\d UTC: Finished 3 sources checked \(3 new\); no runbook flagged\.$"));
        Assert.Equal(report.GetProperty("startedAt").GetDateTimeOffset(),
            DateTimeOffset.Parse(await line.Locator("time").GetAttributeAsync("datetime") ?? "", System.Globalization.CultureInfo.InvariantCulture));

        host.Site.Pages[DashboardHost.PricingPath] = DashboardHost.Doc("Pricing",
            "Token-based billing applies to models with unified official pricing.", "Per-call billing now applies to every model.");
        await page.Locator("#run-check").ClickAsync();
        await Expect(line).ToHaveTextAsync(new Regex(@"UTC: Finished 3 sources checked \(1 changed, 2 unchanged\); 1 runbook flagged for review\.$"));

        // Every page cut off: the network looks down, the run is inconclusive and the line says so.
        host.Site.Down = true;
        await page.Locator("#run-check").ClickAsync();
        await Expect(page.Locator("#check-status")).ToContainTextAsync("Check inconclusive");
        await Expect(line).ToHaveTextAsync(new Regex(@"UTC: Inconclusive most of 3 sources could not be reached, so nothing was flagged or counted\.$"));
        await Expect(line.Locator(".badge")).ToHaveTextAsync("Inconclusive");
        Assert.Equal("false", await line.GetAttributeAsync("data-conclusive"));
    }
}
