using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Storage;
using ReviewCadence.Tests.EndToEnd;
using ReviewCadence.Tests.Infrastructure;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Checking;

/// <summary>
/// The per-source time budget covers reading the page, not only fetching it, through the real runner, fetcher,
/// extractor and SQLite store against a Kestrel site: a page over budget fails alone with a detail that says so, and
/// the pages that used to take minutes to read (issue 18) are read well inside a generous budget.
/// </summary>
public sealed class ExtractionBudgetTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-budget-").FullName;
    private readonly List<ServiceProvider> _services = [];
    private TestSite? _site;

    /// <summary>Unclosed paragraphs: 600,000 are 4.8 MB, under the default size cap (131 s and 533 MB to read before).</summary>
    internal static string ManyParagraphs(int count = 600_000) =>
        "<!doctype html><html><head><title>Many paragraphs</title></head><body>" + new StringBuilder().Insert(0, "<p>item\n", count) + "</body></html>";

    /// <summary>100,000 unclosed <c>&lt;div&gt;&lt;span&gt;</c> around a sentence: 1.1 MB (158 s to read before).</summary>
    internal static string DeepUnclosedNesting() =>
        "<!doctype html><html><head><title>Deep</title></head><body>" + new StringBuilder().Insert(0, "<div><span>", 100_000)
        + "The sentence at the bottom of a hundred thousand unclosed elements.</body></html>";

    private async Task<(CheckRunner Runner, IReviewStore Store)> StartAsync(TimeProvider clock)
    {
        _site ??= await TestSite.StartAsync();
        var services = CheckingServices.Build(Path.Combine(_dir, $"state-{_services.Count}.db"), clock);
        _services.Add(services);
        var store = services.GetRequiredService<IReviewStore>();
        await store.InitializeAsync(CancellationToken.None);
        return (services.GetRequiredService<CheckRunner>(), store);
    }

    private ReviewCatalog Catalog(int timeoutSeconds, params string[] paths)
    {
        var sources = string.Join('\n', paths.Select(p => $"  - id: {p.Trim('/')}\n    url: {_site!.Url(p)}"));
        // Retries: a fetch's timeout runs on real time (only reading a page runs on the test's clock), and a shared
        // machine that stalls for a second failed both fetches and made the run inconclusive. Reading is never retried.
        return CatalogLoader.Parse($"""
            settings:
              allowPrivateNetworks: true
              retries: 2
              timeoutSeconds: {timeoutSeconds}
            sources:
            {sources}
            owners:
              - id: ops
            runbooks:
              - id: cites-all
                title: Cites every page
                owner: ops
                lastReviewed: 2026-11-01
                sources: [{string.Join(", ", paths.Select(p => p.Trim('/')))}]
            """, "budget.yaml");
    }

    [Fact]
    public async Task A_page_over_the_budget_fails_this_run_with_a_detail_naming_the_budget_and_the_other_pages_are_checked()
    {
        var (runner, store) = await StartAsync(new WorkClock());
        _site!.Page("/many", ManyParagraphs());
        _site.Page("/healthy", TestPages.Doc("Healthy page", "This page is read in a few hundred steps.", "It is the control."));

        var report = await runner.RunAsync(Catalog(timeoutSeconds: 1, "/many", "/healthy"), CheckScope.All, null, CancellationToken.None);

        Assert.True(report.Conclusive);
        var many = report.Sources.Single(s => s.Id == "many");
        Assert.Equal(CheckOutcome.Unreachable, many.Outcome);
        Assert.Equal("extraction took longer than the 1 s budget (timeoutSeconds); the page is 4.8 MB; it was not compared this run", many.Detail);
        Assert.Equal(1, (await store.GetSourceAsync("many", CancellationToken.None))?.ConsecutiveFailures);
        Assert.Equal(CheckOutcome.New, report.Sources.Single(s => s.Id == "healthy").Outcome);
    }

    [Fact]
    public async Task Pages_that_took_minutes_to_read_are_read_inside_a_generous_budget()
    {
        // The real stopwatch (FixedClock pins only the date): 60 s is generous on a busy shared machine for pages now read in under a second.
        var (runner, store) = await StartAsync(new FixedClock());
        // 200,000 paragraphs (1.6 MB) took about a minute to read before (quadratic); now well under a second on a quiet machine.
        _site!.Page("/many", ManyParagraphs(200_000));
        _site.Page("/deep", DeepUnclosedNesting());

        // real clock: a hang guard for the run as a whole (before the budget covered reading, this took minutes).
        var report = await runner.RunAsync(Catalog(timeoutSeconds: 60, "/many", "/deep"), CheckScope.All, null, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(150));

        foreach (var source in report.Sources)
            Assert.True(source.Outcome == CheckOutcome.New, $"{source.Id}: {source.Outcome} {source.Detail}");
        var many = await SnapshotAsync(store, "many");
        Assert.Equal(200_000, many.Split('\n').Length);
        Assert.All(many.Split('\n').Take(1000), line => Assert.Equal("item", line));
        Assert.Contains("The sentence at the bottom of a hundred thousand unclosed elements.", await SnapshotAsync(store, "deep"));
    }

    private static async Task<string> SnapshotAsync(IReviewStore store, string id)
    {
        var state = await store.GetSourceAsync(id, CancellationToken.None);
        Assert.NotNull(state?.Fingerprint);
        return await store.GetSnapshotAsync(id, state.Fingerprint, CancellationToken.None) ?? throw new InvalidOperationException($"{id}: no snapshot");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var services in _services)
            await services.DisposeAsync();
        if (_site is not null)
            await _site.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>
    /// Statuses on <see cref="FixedClock.Default"/>; its stopwatch moves 1 ms at every reading, so elapsed time is the
    /// work done: an extraction reads it every few hundred steps, a small page takes a few ms, 600,000 paragraphs many
    /// seconds, on any machine however busy. Timers are real (no fetch waits on them here).
    /// </summary>
    private sealed class WorkClock : TimeProvider
    {
        private long _ticks;

        public override DateTimeOffset GetUtcNow() => FixedClock.Default;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, TimeSpan.TicksPerMillisecond);
    }
}
