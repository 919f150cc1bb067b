using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>
/// A source's history over the real <c>/api/sources/{id}/history</c> and <c>…/diff?from=&amp;to=</c> routes: its kept
/// versions newest first, a diff between any two of them, and links that open them; at a desk and on a phone.
/// </summary>
public sealed class SourceHistoryTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    private const string First = "Per-call billing applies to models without official APIs.";
    private const string Second = "Per-call billing now applies to every model.";
    private const string Third = "Per-call billing now applies to every model and every region.";

    private static int Height(int width) => width < 600 ? 844 : 900;

    /// <summary>Three versions of the pricing page: the baseline, then two edits, each seen by a check.</summary>
    private static async Task ThreeVersionsAsync(DashboardHost host)
    {
        await host.CheckAsync();
        foreach (var text in new[] { Second, Third })
        {
            host.Site.Pages[DashboardHost.PricingPath] = DashboardHost.Doc("Pricing", "Token-based billing applies to models with unified official pricing.", text);
            await host.CheckAsync();
        }
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task History_lists_the_kept_versions_newest_first_and_any_two_can_be_compared(int width)
    {
        await using var host = await DashboardHost.StartAsync();
        await ThreeVersionsAsync(host);
        await using var session = await OpenDashboardAsync(host, width: width, height: Height(width));
        var page = session.Page;
        await page.GetByRole(AriaRole.Button, new() { Name = "Sources", Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "History of pricing" }).ClickAsync();
        var dialog = page.Locator("#source-detail");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(page.Locator("#source-title")).ToHaveTextAsync("Pricing documentation");
        var versions = dialog.Locator(".versions tbody tr");
        await Expect(versions).ToHaveCountAsync(3);
        Assert.Equal(["3", "2", "1"], await versions.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.version)"));
        await Expect(versions.Nth(0).GetByRole(AriaRole.Link)).ToHaveTextAsync("Diff 2 → 3");
        await Expect(versions.Nth(2)).ToContainTextAsync("First version kept");
        await Expect(versions.Nth(2).GetByRole(AriaRole.Link)).ToHaveCountAsync(0);

        // One step: the first edit, word by word.
        await versions.Nth(1).GetByRole(AriaRole.Link, new() { Name = "Diff 1 → 2" }).ClickAsync();
        var diff = page.Locator("#source-diff");
        await Expect(diff.Locator("h3")).ToHaveTextAsync("Version 1 → version 2");
        await Expect(diff.Locator(".diff-line.removed .diff-text")).ToHaveTextAsync(First);
        await Expect(diff.Locator(".diff-line.added .diff-text")).ToHaveTextAsync(Second);
        await Expect(diff.Locator(".diff-line.added mark.word")).ToHaveTextAsync(["now", "every model"]);
        await Expect(page).ToHaveURLAsync(new Uri(host.BaseUrl, "/#source=pricing&from=1&to=2").ToString());

        // Any two: the first version against the last, chosen in the form.
        await page.GetByLabel("From version").SelectOptionAsync("1");
        await page.GetByLabel("To version").SelectOptionAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Expect(diff.Locator("h3")).ToHaveTextAsync("Version 1 → version 3");
        await Expect(diff.Locator(".diff-line.removed .diff-text")).ToHaveTextAsync(First);
        await Expect(diff.Locator(".diff-line.added .diff-text")).ToHaveTextAsync(Third);
        await Expect(page.Locator("#source-status")).ToHaveTextAsync("Showing version 1 → version 3 of pricing.");
        await Expect(page).ToHaveURLAsync(new Uri(host.BaseUrl, "/#source=pricing&from=1&to=3").ToString());
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= innerWidth"), "the page scrolls sideways");
        Assert.True(await dialog.EvaluateAsync<bool>("d => d.scrollWidth <= d.clientWidth && d.getBoundingClientRect().right <= innerWidth"), "the history dialog is wider than the screen");
        if (width < 600)
        {
            Assert.All(await versions.EvaluateAllAsync<string[]>("rows => rows.map(r => getComputedStyle(r).display)"), d => Assert.Equal("block", d));
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "History of pricing" })).ToBeFocusedAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^[^#]*$"));
        Assert.Empty(session.Problems);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task The_diff_link_of_a_changed_source_and_a_versions_link_opened_directly_show_that_diff(int width)
    {
        await using var host = await DashboardHost.StartAsync();
        await ThreeVersionsAsync(host);
        await using var session = await OpenDashboardAsync(host, width: width, height: Height(width));
        var page = session.Page;
        await page.GetByRole(AriaRole.Button, new() { Name = "Sources", Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Diff of pricing" }).ClickAsync();
        var diff = page.Locator("#source-diff");
        // The last change: the newest version against the one before it.
        await Expect(diff.Locator("h3")).ToHaveTextAsync("Version 2 → version 3");
        await Expect(diff.Locator(".diff-line.added mark.word")).ToHaveTextAsync(["and every region"]);
        await Expect(page.Locator("#compare-from")).ToHaveValueAsync("2");
        await Expect(page.Locator("#compare-to")).ToHaveValueAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        // A link from elsewhere (a chat message, a bookmark) opens the page on that diff.
        await using var other = await OpenDashboardAsync(host, "/#source=pricing&from=3&to=1", width, Height(width));
        var reverse = other.Page.Locator("#source-diff");
        await Expect(reverse.Locator("h3")).ToHaveTextAsync("Version 3 → version 1");
        await Expect(reverse.Locator(".diff-line.removed .diff-text")).ToHaveTextAsync(Third);
        await Expect(reverse.Locator(".diff-line.added .diff-text")).ToHaveTextAsync(First);

        // The browser's Back button goes back to the address before: the dialog closes.
        await other.Page.EvaluateAsync("() => { location.hash = 'source=help'; }");
        await Expect(other.Page.Locator("#source-title")).ToHaveTextAsync("help");
        await other.Page.GoBackAsync();
        await Expect(other.Page.Locator("#source-title")).ToHaveTextAsync("Pricing documentation");
        await other.Page.EvaluateAsync("() => { location.hash = ''; }");
        await Expect(other.Page.Locator("#source-detail")).ToBeHiddenAsync();

        // A version no longer kept says so, in the dialog.
        await other.Page.EvaluateAsync("() => { location.hash = 'source=pricing&from=1&to=9'; }");
        await Expect(other.Page.Locator("#source-status")).ToContainTextAsync("The diff could not be loaded. Unknown version");
    }
}
