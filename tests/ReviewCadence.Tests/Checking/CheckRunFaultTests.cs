using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Runbooks;
using ReviewCadence.Storage;
using ReviewCadence.Tests.EndToEnd;
using ReviewCadence.Tests.Infrastructure;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Checking;

/// <summary>
/// Faults across runs, through the real runner, fetcher and SQLite store against a Kestrel fault site:
/// outcomes, flags and failure counts, and that one faulty source never disturbs the others.
/// </summary>
public sealed class CheckRunFaultTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-faults-").FullName;
    private TestSite _site = null!;
    private ServiceProvider _services = null!;
    private readonly FixedClock _clock = new();

    private IReviewStore Store => _services.GetRequiredService<IReviewStore>();

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _site.Page("/healthy", TestPages.Doc("Healthy page", "This page always answers with the same content.", "It is the control in every fault test."));
        // Statuses and leases on a fixed day, so the suite passes whenever it runs.
        _services = CheckingServices.Build(Path.Combine(_dir, "state.db"), _clock, new Dictionary<string, string?> { ["Fetching:RetryBaseDelay"] = "00:00:00.010" });
        await Store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _site.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private ReviewCatalog Catalog(string faultyPath, int retries = 0, int brokenAfterFailures = 2, Uri? faultyUrl = null, int timeoutSeconds = 1) => CatalogLoader.Parse($"""
        settings:
          allowPrivateNetworks: true
          retries: {retries}
          timeoutSeconds: {timeoutSeconds}
          brokenAfterFailures: {brokenAfterFailures}
        sources:
          - id: faulty
            url: {faultyUrl ?? _site.Url(faultyPath)}
          - id: healthy
            url: {_site.Url("/healthy")}
        owners:
          - id: ops
        runbooks:
          - id: cites-faulty
            title: Cites the faulty source
            owner: ops
            lastReviewed: 2026-11-01
            sources: [faulty]
          - id: cites-healthy
            title: Cites the healthy source
            owner: ops
            lastReviewed: 2026-11-01
            sources: [healthy]
        """, "faults.yaml");

    private Task<CheckReport> RunAsync(ReviewCatalog catalog, CancellationToken cancellationToken = default) =>
        _services.GetRequiredService<CheckRunner>().RunAsync(catalog, CheckScope.All, null, cancellationToken);

    private static SourceCheckResult Source(CheckReport report, string id) => report.Sources.Single(s => s.Id == id);

    private static RunbookCheckResult Runbook(CheckReport report, string id) => report.Runbooks.Single(r => r.Id == id);

    private async Task<int> FailuresAsync(string id) => (await Store.GetSourceAsync(id, CancellationToken.None))?.ConsecutiveFailures ?? 0;

    [Fact]
    public async Task A_503_that_never_recovers_is_unreachable_then_broken_and_flags_only_its_runbook()
    {
        _site.Page("/faulty", TestPages.Doc("Faulty", "Content that is there at first.", "Then the server starts failing."));
        var catalog = Catalog("/faulty");
        Assert.Equal(CheckOutcome.New, Source(await RunAsync(catalog), "faulty").Outcome);

        _site.Status("/faulty", 503);
        var first = await RunAsync(catalog);
        Assert.True(first.Conclusive);
        Assert.Equal(CheckOutcome.Unreachable, Source(first, "faulty").Outcome);
        Assert.Equal(503, Source(first, "faulty").HttpStatus);
        Assert.Equal(RunbookStatusKind.Current, Runbook(first, "cites-faulty").Status);
        Assert.Equal(1, await FailuresAsync("faulty"));

        var second = await RunAsync(catalog);
        Assert.Equal(CheckOutcome.Broken, Source(second, "faulty").Outcome);
        Assert.Equal(RunbookStatusKind.NeedsReview, Runbook(second, "cites-faulty").Status);
        Assert.Equal(FindingKind.Broken, Runbook(second, "cites-faulty").Findings.Single().Kind);
        Assert.Equal(2, await FailuresAsync("faulty"));

        Assert.Equal(CheckOutcome.Unchanged, Source(second, "healthy").Outcome);
        Assert.Equal(RunbookStatusKind.Current, Runbook(second, "cites-healthy").Status);
        Assert.Equal(0, await FailuresAsync("healthy"));
    }

    [Fact]
    public async Task A_recovered_source_resets_its_failure_count()
    {
        var page = TestPages.Doc("Flaky", "A page whose server fails now and then.", "It always comes back.");
        _site.Page("/flaky", page);
        var catalog = Catalog("/flaky", brokenAfterFailures: 3);
        await RunAsync(catalog);

        _site.Status("/flaky", 500);
        Assert.Equal(CheckOutcome.Unreachable, Source(await RunAsync(catalog), "faulty").Outcome);
        Assert.Equal(1, await FailuresAsync("faulty"));

        _site.Page("/flaky", page);
        var recovered = await RunAsync(catalog);
        Assert.Equal(CheckOutcome.Unchanged, Source(recovered, "faulty").Outcome);
        Assert.Equal(0, await FailuresAsync("faulty"));
        Assert.Equal(RunbookStatusKind.Current, Runbook(recovered, "cites-faulty").Status);
    }

    [Fact]
    public async Task A_500_within_a_run_is_retried_and_not_reported()
    {
        var page = TestPages.Doc("Retried", "A page that fails once, then answers.", "Retries hide it.");
        _site.Page("/retried", page);
        var catalog = Catalog("/retried", retries: 2);
        await RunAsync(catalog);

        _site.Sequence("/retried", TestResponse.WithStatus(500), TestResponse.Html(page));
        var report = await RunAsync(catalog);
        Assert.Equal(CheckOutcome.Unchanged, Source(report, "faulty").Outcome);
        Assert.Equal(0, await FailuresAsync("faulty"));
    }

    [Fact]
    public async Task An_outage_is_inconclusive_and_moves_no_count_and_flags_nothing()
    {
        var closed = TestSite.UnusedPortUrl("/gone");
        var catalog = CatalogLoader.Parse($"""
            settings:
              allowPrivateNetworks: true
              retries: 0
              timeoutSeconds: 1
              brokenAfterFailures: 1
            sources:
              - id: one
                url: {closed}
              - id: two
                url: {new UriBuilder(closed) { Path = "/other" }.Uri}
            owners:
              - id: ops
            runbooks:
              - id: rb
                title: Runbook
                owner: ops
                lastReviewed: 2026-11-01
                sources: [one, two]
            """, "outage.yaml");

        for (var run = 0; run < 3; run++)
        {
            var report = await RunAsync(catalog);
            Assert.False(report.Conclusive);
            Assert.All(report.Sources, s => Assert.Equal(CheckOutcome.Unreachable, s.Outcome));
            Assert.Equal(RunbookStatusKind.Current, Runbook(report, "rb").Status);
        }
        Assert.Equal(0, await FailuresAsync("one"));
        Assert.Null(await Store.GetSourceAsync("two", CancellationToken.None));
        // Nothing of the sources changed, yet the run is on record: the dashboard says the last check was inconclusive.
        var last = await Store.GetLastCheckAsync(CancellationToken.None);
        Assert.NotNull(last);
        Assert.False(last.Conclusive);
        Assert.Equal(2, last.SourceCount);
        Assert.Equal(new Dictionary<string, int> { ["unreachable"] = 2 }, last.Outcomes);
        Assert.Empty(last.NeedsReview);
    }

    [Fact]
    public async Task A_permanent_move_flags_once_and_a_review_accepts_the_new_url()
    {
        _site.Page("/old", TestPages.Doc("Pricing", "Prices are billed per token.", "Volume discounts apply."));
        var catalog = Catalog("/old");
        await RunAsync(catalog);

        _site.Page("/new", TestPages.Doc("Pricing", "Prices are billed per token.", "Volume discounts apply."));
        _site.Redirect("/old", "/new", 308);
        var moved = await RunAsync(catalog);
        Assert.Equal(CheckOutcome.Moved, Source(moved, "faulty").Outcome);
        Assert.Equal(_site.Url("/new").ToString(), Source(moved, "faulty").FinalUrl);
        Assert.Contains("/new", Source(moved, "faulty").Detail);
        Assert.Equal(FindingKind.Moved, Runbook(moved, "cites-faulty").Findings.Single().Kind);

        await _services.GetRequiredService<ReviewRecorder>().RecordAsync(catalog, new ReviewInput("cites-faulty", "ops"), CancellationToken.None);
        var after = await RunAsync(catalog);
        Assert.Equal(CheckOutcome.Moved, Source(after, "faulty").Outcome);
        Assert.Equal(RunbookStatusKind.Current, Runbook(after, "cites-faulty").Status);
    }

    [Fact]
    public async Task A_temporary_redirect_is_followed_without_a_finding()
    {
        _site.Page("/target", TestPages.Doc("Target", "The content lives here for now.", "A temporary redirect points at it."));
        _site.Redirect("/temp", "/target", 302);
        var catalog = Catalog("/temp");
        await RunAsync(catalog);
        var second = await RunAsync(catalog);
        Assert.Equal(CheckOutcome.Unchanged, Source(second, "faulty").Outcome);
        Assert.Equal(RunbookStatusKind.Current, Runbook(second, "cites-faulty").Status);
    }

    [Theory]
    [InlineData("soft-404 page")]
    [InlineData("redirect to home")]
    public async Task Soft_404s_are_broken_at_once(string kind)
    {
        _site.Page("/docs/guide", TestPages.Doc("Guide", "A guide that will disappear.", "Soon it will be a not-found page."));
        var catalog = Catalog("/docs/guide");
        await RunAsync(catalog);

        if (kind == "soft-404 page")
        {
            _site.Page("/docs/guide", TestPages.Doc("Page not found", "Sorry, we could not find that page.", "Try the search box."));
        }
        else
        {
            _site.Page("/", TestPages.Doc("Home", "Welcome to the documentation home page.", "Pick a topic."));
            _site.Redirect("/docs/guide", "/", 302);
        }
        var report = await RunAsync(catalog);
        Assert.Equal(CheckOutcome.Broken, Source(report, "faulty").Outcome);
        Assert.Equal(RunbookStatusKind.NeedsReview, Runbook(report, "cites-faulty").Status);
    }

    [Fact]
    public async Task A_host_that_asks_to_wait_is_waited_for_on_a_fixed_clock_as_with_now()
    {
        // The politeness pause after a 429 is a duration on the monotonic clock: with "now" fixed (these tests,
        // or the CLI's --now) a wall-clock deadline would never pass and the run would hang here.
        _site.Sequence("/faulty", TestResponse.WithStatus(429, retryAfter: "1"), TestResponse.Html(TestPages.Doc("Limited", "A page behind a rate limit.", "It answers the second time.")));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var report = await RunAsync(Catalog("/faulty", retries: 1), timeout.Token);

        Assert.Equal(CheckOutcome.New, Source(report, "faulty").Outcome);
        Assert.Equal(2, _site.RequestCount("/faulty"));
    }

    [Fact]
    public async Task Validators_make_warm_runs_cheap()
    {
        _site.Page("/cached", TestPages.Doc("Cached", "A page served with an ETag.", "The second run gets a 304."), etag: "\"v1\"", lastModified: FixedClock.Default.AddDays(-1));
        var catalog = Catalog("/cached");
        await RunAsync(catalog);
        var warm = await RunAsync(catalog);
        Assert.Equal(CheckOutcome.Unchanged, Source(warm, "faulty").Outcome);
        Assert.Equal(1, _site.FullResponseCount("/cached"));
        Assert.Equal(1, _site.NotModifiedCount("/cached"));
    }

    [Fact]
    public async Task A_cancelled_run_leaves_state_consistent_and_the_next_run_completes()
    {
        _site.Page("/slow", TestPages.Doc("Slow", "A page that takes its time.", "Long enough to cancel the run."));
        // The run is cancelled long before any timeout; the runs either side of it must succeed, so they get a budget
        // that a loaded machine (the suites run side by side on two cores) cannot exceed for a loopback page.
        var catalog = Catalog("/slow", timeoutSeconds: 30);
        await RunAsync(catalog);
        var before = await Store.GetSourceAsync("faulty", CancellationToken.None);

        _site.Respond("/slow", TestResponse.Html(TestPages.Doc("Slow", "A page that now changed.", "Long enough to cancel the run.")) with { Delay = TimeSpan.FromSeconds(5) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(catalog, cancel.Token));
        Assert.Equal(before!.Fingerprint, (await Store.GetSourceAsync("faulty", CancellationToken.None))!.Fingerprint);

        _site.Page("/slow", TestPages.Doc("Slow", "A page that now changed.", "Long enough to cancel the run."));
        var next = await RunAsync(catalog);
        Assert.True(Source(next, "faulty").Outcome == CheckOutcome.Changed, $"the next run saw the source {Source(next, "faulty").Outcome}: {Source(next, "faulty").Detail}");
        Assert.Equal(RunbookStatusKind.NeedsReview, Runbook(next, "cites-faulty").Status);
    }

    [Fact]
    public async Task A_crashed_runs_lease_expires_and_a_live_one_refuses()
    {
        _site.Page("/faulty", TestPages.Doc("Faulty", "Content for the lease test.", "Nothing special."));
        var catalog = Catalog("/faulty");
        var live = await Store.TryAcquireLeaseAsync(CheckRunner.LeaseName, "live-run", _clock.GetUtcNow(), TimeSpan.FromMinutes(5), CancellationToken.None);
        await Assert.ThrowsAsync<CheckAlreadyRunningException>(() => RunAsync(catalog));
        await Store.ReleaseLeaseAsync(live!, CancellationToken.None);

        // A run that died an hour ago without releasing its lease.
        Assert.NotNull(await Store.TryAcquireLeaseAsync(CheckRunner.LeaseName, "crashed-run", _clock.GetUtcNow().AddHours(-1), TimeSpan.FromMinutes(30), CancellationToken.None));
        Assert.Equal(CheckOutcome.New, Source(await RunAsync(catalog), "faulty").Outcome);
    }
}
