using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>The actions beside the table: a check that is already running, and reminders previewed before they are sent.</summary>
public sealed class ActionTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    [Fact]
    public async Task Run_a_check_now_while_one_is_running_says_so_plainly()
    {
        await using var host = await DashboardHost.StartAsync(apiKey: "k3y-for-browser-tests");
        await using var session = await OpenDashboardAsync(host);
        var page = session.Page;
        host.Site.Delays[DashboardHost.HelpPath] = TimeSpan.FromSeconds(4);

        var running = host.CheckAsync();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (host.Site.RequestCount(DashboardHost.HelpPath) == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the check started by the API never fetched the slow page");
            await Task.Delay(20);
        }
        await page.Locator("#run-check").ClickAsync();

        await Expect(page.Locator("#check-panel [role=status]")).ToHaveTextAsync("A check is already running. Wait for it to finish, then refresh.");
        await Expect(page.Locator("#status")).Not.ToContainTextAsync("already running");
        await Expect(page.Locator("#run-check")).ToHaveTextAsync("Run a check now");
        Assert.False(running.IsCompleted, "the API's check ended before the dashboard's request, so the 409 was not exercised");
        await running;
    }

    [Fact]
    public async Task Send_reminders_now_shows_a_dry_run_preview_first_and_sends_only_after_confirming()
    {
        await using var host = await DashboardHost.StartAsync(apiKey: "k3y-for-browser-tests");
        await using var session = await OpenDashboardAsync(host);
        var page = session.Page;

        await page.GetByRole(AriaRole.Button, new() { Name = "Send reminders now" }).ClickAsync();

        var summary = page.Locator(".reminder-summary");
        await Expect(summary).ToHaveTextAsync("Preview: 2 reminders would be sent. Nothing has been sent yet.");
        await Expect(page.Locator("#reminder-heading")).ToBeFocusedAsync();
        var sent = page.Locator(".reminder-sent li");
        await Expect(sent).ToHaveCountAsync(2);
        await Expect(sent.Filter(new() { HasText = "finops-budget-owner" })).ToContainTextAsync("cost-handoff");
        await Expect(sent.Filter(new() { HasText = "platform-cost-operator" })).ToContainTextAsync("error-review");
        Assert.Empty(host.Site.PostsTo(DashboardHost.PlatformHookPath));
        Assert.Empty(host.Site.PostsTo(DashboardHost.FinopsHookPath));

        await page.GetByRole(AriaRole.Button, new() { Name = "Send 2 reminders" }).ClickAsync();

        await Expect(summary).ToHaveTextAsync("Sent 2 reminders.");
        await Expect(page.Locator("#reminder-panel [role=status]")).ToHaveTextAsync("Sent 2 reminders.");
        await Expect(page.Locator("#status")).Not.ToContainTextAsync("Sent");
        await Expect(page.Locator("#send-reminders")).ToBeHiddenAsync();
        Assert.Single(host.Site.PostsTo(DashboardHost.PlatformHookPath));
        Assert.Single(host.Site.PostsTo(DashboardHost.FinopsHookPath));
        Assert.Contains("\"cost-handoff\"", host.Site.PostsTo(DashboardHost.FinopsHookPath)[0]);

        // Just reminded: a new preview has nothing to send.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reminders now" }).ClickAsync();
        await Expect(summary).ToHaveTextAsync("Preview: no reminder is due now. Nothing would be sent.");
        await Expect(page.Locator("#send-reminders")).ToBeHiddenAsync();
        Assert.Single(host.Site.PostsTo(DashboardHost.PlatformHookPath));
    }
}
