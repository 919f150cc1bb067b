using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ReviewCadence.Catalog;
using ReviewCadence.Functions.Tests.Infrastructure;
using ReviewCadence.Scheduling;
using ReviewCadence.Tests.Infrastructure;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Functions.Tests;

/// <summary>
/// The timers (CheckSources, SendReminders) over the real composition on SQLite and a loopback site: what they do,
/// what they log for an operator, and which runs end the invocation as failed (so Azure counts and alerts on them).
/// </summary>
public sealed class TimerFunctionTests : FunctionsAppTest
{
    private static readonly TimerInfo Tick = new();

    [Fact]
    public async Task CheckSources_checks_every_source_and_logs_each_change_move_break_and_outage_and_each_flagged_runbook()
    {
        Site.Page("/a", Doc("A", "Page A explains the first budget rule.", "It is reviewed monthly."), etag: "\"a1\"");
        Site.Page("/b", Doc("B", "Page B explains the second budget rule.", "It is reviewed monthly."), etag: "\"b1\"");
        Site.Page("/c", Doc("C", "Page C explains the third budget rule.", "It is reviewed monthly."), etag: "\"c1\"");
        Site.Page("/c-new", Doc("C", "Page C explains the third budget rule.", "It is reviewed monthly."));
        Site.Page("/d", Doc("D", "Page D explains the fourth budget rule.", "It is reviewed monthly."), etag: "\"d1\"");
        var down = TestSite.UnusedPortUrl("/e");
        await WriteCatalogAsync([("a", Site.Url("/a")), ("b", Site.Url("/b")), ("c", Site.Url("/c")), ("d", Site.Url("/d")), ("e", down)],
            [("rb-a", ["a", "b"]), ("rb-c", ["c"]), ("rb-d", ["d", "e"]), ("rb-b", ["b"])]);
        var host = await StartAppAsync();

        await host.Create<CheckSources>().RunAsync(Tick, CancellationToken.None);

        var states = (await host.Store.GetSourcesAsync(CancellationToken.None)).ToDictionary(s => s.SourceId);
        Assert.Equal(CheckOutcome.New, states["a"].LastOutcome);
        Assert.Equal(CheckOutcome.Unreachable, states["e"].LastOutcome);
        var unreachable = Assert.Single(host.Logs.With("SourceId"));
        Assert.Equal(("e", "unreachable", LogLevel.Warning), (unreachable["SourceId"], unreachable["Outcome"], unreachable.Level));
        Assert.False(string.IsNullOrEmpty(unreachable["Detail"]));
        Assert.Empty(host.Logs.With("RunbookId"));

        Site.Page("/a", Doc("A", "Page A explains the first budget rule.", "It is now reviewed weekly."), etag: "\"a2\"");
        Site.Redirect("/c", "/c-new", 301);
        Site.Status("/d", 404);
        host.Logs.Clear();
        Clock.Advance(TimeSpan.FromDays(1));

        await host.Create<CheckSources>().RunAsync(Tick, CancellationToken.None);

        var logged = host.Logs.With("SourceId").ToDictionary(e => e["SourceId"]!, e => e["Outcome"]);
        Assert.Equal(new Dictionary<string, string?> { ["a"] = "changed", ["c"] = "moved", ["d"] = "broken", ["e"] = "broken" }, logged); // e: a second failed run in a row
        Assert.All(host.Logs.With("SourceId"), e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Contains("/c-new", host.Logs.With("SourceId").Single(e => e["SourceId"] == "c")["Detail"]);
        var runbooks = host.Logs.With("RunbookId").ToDictionary(e => e["RunbookId"]!, e => e["Owner"]);
        Assert.Equal(new Dictionary<string, string?> { ["rb-a"] = "ops", ["rb-c"] = "ops", ["rb-d"] = "ops" }, runbooks);
        Assert.Equal(CheckOutcome.Changed, (await host.Store.GetSourceAsync("a", CancellationToken.None))!.LastOutcome);
    }

    [Fact]
    public async Task CheckSources_skips_without_failing_while_another_check_holds_the_lease()
    {
        Site.Respond("/slow", TestResponse.Html(Doc("Slow", "A slow page about budgets.", "It takes a while to answer.")) with { Delay = TimeSpan.FromSeconds(2) });
        await WriteCatalogAsync([("slow", Site.Url("/slow"))], [("rb", ["slow"])]);
        var host = await StartAppAsync();
        var manual = CallAsync((api, r) => api.StartCheckAsync(r, default), "POST", "/api/checks");
        await WaitUntilAsync(() => Site.RequestCount("/slow") > 0);

        await host.Create<CheckSources>().RunAsync(Tick, CancellationToken.None);

        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("skipped", StringComparison.Ordinal));
        Assert.Equal(200, (await manual).Status);
        Assert.Equal(1, Site.RequestCount("/slow"));
    }

    [Fact]
    public async Task An_inconclusive_scheduled_check_fails_the_invocation_and_flags_nothing()
    {
        await WriteCatalogAsync([("x", TestSite.UnusedPortUrl("/x")), ("y", new Uri($"http://localhost:{TestSite.UnusedPortUrl().Port}/y"))], [("rb", ["x", "y"])]);
        var host = await StartAppAsync();

        var failure = await Assert.ThrowsAsync<ScheduledRunFailedException>(() => host.Create<CheckSources>().RunAsync(Tick, CancellationToken.None));

        Assert.Contains("inconclusive", failure.Message);
        Assert.Empty(await host.Store.GetSourcesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_scheduled_check_that_cannot_start_fails_the_invocation_with_the_catalog_error()
    {
        await File.WriteAllTextAsync(CatalogPath, "sources:\n  - id: a\n    url: not a url\n");
        var host = await StartAppAsync();

        var failure = await Assert.ThrowsAsync<CatalogException>(() => host.Create<CheckSources>().RunAsync(Tick, CancellationToken.None));

        Assert.Contains("catalog.yaml", string.Join("\n", failure.Errors));
    }

    [Fact]
    public async Task SendReminders_sends_the_owners_digest_and_logs_each_delivery()
    {
        Site.Page("/docs", Doc("Docs", "The docs explain budgets.", "They are reviewed monthly."));
        Site.Page("/hooks/ops-7f3a", "accepted", "text/plain");
        await WriteCatalogAsync([("docs", Site.Url("/docs"))], [("rb", ["docs"])],
            notify: $"      - type: webhook\n        url: {Site.Url("/hooks/ops-7f3a")}\n");
        var host = await StartAppAsync();
        Clock.Advance(TimeSpan.FromDays(40)); // last reviewed 42 days ago, cadence 30: overdue

        await host.Create<SendReminders>().RunAsync(Tick, CancellationToken.None);

        Assert.Equal(1, Site.RequestCount("/hooks/ops-7f3a"));
        var delivery = Assert.Single(await host.Store.GetDeliveriesAsync("ops", CancellationToken.None));
        Assert.Equal(["rb"], delivery.RunbookIds);
        var sent = Assert.Single(host.Logs.With("Owner"));
        Assert.Equal(("ops", "webhook#1"), (sent["Owner"], sent["Channel"]));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains("/hooks/", StringComparison.Ordinal));

        // Reminded once per window: the next tick sends nothing and succeeds.
        await host.Create<SendReminders>().RunAsync(Tick, CancellationToken.None);
        Assert.Equal(1, Site.RequestCount("/hooks/ops-7f3a"));
    }

    [Fact]
    public async Task A_reminder_run_where_a_delivery_failed_fails_the_invocation_without_leaking_the_channel_url()
    {
        Site.Page("/docs", Doc("Docs", "The docs explain budgets.", "They are reviewed monthly."));
        Site.Status("/hooks/ops-7f3a", 500);
        await WriteCatalogAsync([("docs", Site.Url("/docs"))], [("rb", ["docs"])],
            notify: $"      - type: webhook\n        url: {Site.Url("/hooks/ops-7f3a")}\n");
        var host = await StartAppAsync();
        Clock.Advance(TimeSpan.FromDays(40));

        var failure = await Assert.ThrowsAsync<ScheduledRunFailedException>(() => host.Create<SendReminders>().RunAsync(Tick, CancellationToken.None));

        Assert.Contains("1 of 1 deliveries failed", failure.Message);
        var failed = Assert.Single(host.Logs.With("Error"));
        Assert.Equal((LogLevel.Warning, "ops"), (failed.Level, failed["Owner"]));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains("/hooks/", StringComparison.Ordinal) || e.Message.Contains("ops-7f3a", StringComparison.Ordinal));
        Assert.DoesNotContain("ops-7f3a", failure.Message);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 20)
        {
            Assert.True(waited < 10_000, "timed out waiting for the first run to fetch");
            await Task.Delay(20);
        }
    }
}
