using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>
/// The link reminders carry (<c>/api/dashboard#runbook=ID</c>, the page's path on both hosts) opens that runbook ready for its review, and a diff highlights the
/// words that changed inside its changed lines; at a desk and on a phone.
/// </summary>
public sealed class DeepLinkAndDiffTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    private static int Height(int width) => width < 600 ? 844 : 900;

    [Theory]
    [InlineData(1280, null)]
    [InlineData(390, null)]
    [InlineData(390, "k3y-for-browser-tests")]
    public async Task Opening_the_runbook_link_shows_its_detail_with_the_review_form_and_a_review_recorded_there_sticks(int width, string? key)
    {
        await using var host = await DashboardHost.StartAsync(apiKey: key);
        await FlagBudgetGateAsync(host);
        // Exactly the link reminders carry, with serve's address as PUBLICBASEURL: /api/dashboard#runbook=ID.
        var link = ReviewCadence.Reminders.ReminderContent.DashboardLink(host.BaseUrl, "budget-gate")!;
        Assert.Equal("/api/dashboard", link.AbsolutePath);
        await using var session = await OpenDashboardAsync(host, link.PathAndQuery + link.Fragment, width, Height(width));
        var page = session.Page;

        var detail = page.Locator("#detail");
        await Expect(detail).ToBeVisibleAsync();
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync("Token budget quality gate");
        await Expect(page.Locator("#detail-title")).ToBeFocusedAsync();
        await Expect(detail.Locator("article[data-finding=\"pricing\"]")).ToBeVisibleAsync();
        var reviewer = page.GetByLabel("Reviewer (role)");
        await reviewer.ScrollIntoViewIfNeededAsync();
        await Expect(reviewer).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Record review" })).ToBeVisibleAsync();

        await reviewer.FillAsync("platform-cost-operator");
        await page.GetByLabel("Notes").FillAsync("Per-call billing reviewed.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
        await Expect(page.Locator("#detail-status")).ToHaveTextAsync("Review recorded for budget-gate: it is now current.");
        // Said in the dialog, where the review was recorded, and nowhere else.
        await Expect(page.Locator("#status")).Not.ToContainTextAsync("Review recorded");
        Assert.Equal("current", await host.RunbookStatusAsync("budget-gate"));

        // Closing leaves the page's own address, so a reload does not reopen it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(detail).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^[^#]*$"));
        Assert.Empty(session.Problems);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task Opening_a_runbook_from_the_table_puts_its_link_in_the_address_and_an_unknown_one_says_so(int width)
    {
        await using var host = await DashboardHost.StartAsync();
        await using var session = await OpenDashboardAsync(host, width: width, height: Height(width));
        var page = session.Page;

        await OpenDetailAsync(page, "Cost allocation handoff");
        await Expect(page).ToHaveURLAsync(new Uri(host.BaseUrl, "/#runbook=cost-handoff").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        // A link followed while the page is open (another reminder, a pasted address).
        await page.EvaluateAsync("() => { location.hash = 'runbook=error-review'; }");
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync("CometAPI error cost review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        await page.EvaluateAsync("() => { location.hash = 'runbook=no-such-runbook'; }");
        await Expect(page.Locator("#detail")).ToBeVisibleAsync();
        await Expect(page.Locator("#detail-body")).ToHaveTextAsync("Unknown runbook: no runbook 'no-such-runbook' in the catalog");
        await Expect(page.Locator("#review-form")).ToBeHiddenAsync();
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task The_diff_link_reminders_carry_for_a_changed_source_opens_its_last_change(int width)
    {
        await using var host = await DashboardHost.StartAsync(apiKey: "k3y-for-browser-tests");
        await FlagBudgetGateAsync(host);
        var link = ReviewCadence.Reminders.ReminderContent.SourceDiffLink(host.BaseUrl, "pricing")!;
        await using var session = await OpenDashboardAsync(host, link.PathAndQuery + link.Fragment, width, Height(width));

        var diff = session.Page.Locator("#source-diff");
        await Expect(diff.Locator("h3")).ToHaveTextAsync("Version 1 → version 2");
        await Expect(diff.Locator(".diff-line.added mark.word")).ToHaveTextAsync(["now", "every model"]);
        Assert.Empty(session.Problems);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task A_diff_highlights_the_changed_words_inside_its_changed_lines(int width)
    {
        await using var host = await DashboardHost.StartAsync();
        await FlagBudgetGateAsync(host);
        await using var session = await OpenDashboardAsync(host, width: width, height: Height(width));
        var page = session.Page;
        await OpenDetailAsync(page, "Token budget quality gate");
        var finding = page.Locator("#detail article[data-finding=\"pricing\"]");

        // "Per-call billing applies to models without official APIs." became "Per-call billing now applies to every model."
        var removed = finding.Locator(".diff-line.removed");
        var added = finding.Locator(".diff-line.added");
        await Expect(removed.Locator("mark.word")).ToHaveTextAsync(["models without official APIs"]);
        await Expect(added.Locator("mark.word")).ToHaveTextAsync(["now", "every model"]);
        // Exactly the words: a highlight neither starts nor ends with a space.
        Assert.Equal(["now", "every model"], await added.Locator("mark.word").EvaluateAllAsync<string[]>("marks => marks.map(m => m.textContent)"));
        Assert.Equal(["models without official APIs"], await removed.Locator("mark.word").EvaluateAllAsync<string[]>("marks => marks.map(m => m.textContent)"));
        // The lines still read whole, and unchanged lines have no highlight.
        await Expect(removed.Locator(".diff-text")).ToHaveTextAsync("Per-call billing applies to models without official APIs.");
        await Expect(added.Locator(".diff-text")).ToHaveTextAsync("Per-call billing now applies to every model.");
        await Expect(finding.Locator(".diff-line.context mark")).ToHaveCountAsync(0);

        var lineBackground = await added.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        var wordBackground = await added.Locator("mark.word").First.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.NotEqual(lineBackground, wordBackground);
        Assert.Equal("700", await added.Locator("mark.word").First.EvaluateAsync<string>("e => getComputedStyle(e).fontWeight"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('detail').scrollWidth <= document.getElementById('detail').clientWidth"),
            "the diff makes the dialog scroll sideways");
    }
}
