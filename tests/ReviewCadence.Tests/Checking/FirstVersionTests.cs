using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Sources;
using ReviewCadence.Storage;
using ReviewCadence.Tests.EndToEnd;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.Checking;

/// <summary>
/// A source's first version lives in its state until the history has something to add: a first check writes no
/// history rows, yet the history shows version 1; the first change, or the first failure, writes it with the times a
/// stored version 1 would have had. Through the real runner, fetcher and SQLite store against a Kestrel site (the
/// history end-to-end tests show the same through the CLI on both stores).
/// </summary>
public sealed class FirstVersionTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset First = new(2026, 11, 2, 6, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-first-version-").FullName;
    private readonly MovableClock _clock = new();
    private ServiceProvider _services = null!;
    private TestSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _site.Page("/doc", TestPages.Doc("Doc", "The first edition of the page.", "It says one thing."));
        _site.Page("/control", TestPages.Doc("Control", "A page that never changes.", "It keeps the runs conclusive."));
        _services = CheckingServices.Build(Path.Combine(_dir, "state.db"), _clock);
        await Store.InitializeAsync(Ct);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _site.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private IReviewStore Store => _services.GetRequiredService<IReviewStore>();

    [Fact]
    public async Task A_new_source_writes_no_history_until_its_content_changes_and_then_keeps_both_versions()
    {
        await CheckAtAsync(First);
        await CheckAtAsync(First.AddDays(1));

        Assert.Empty(await Store.GetSourceVersionsAsync("doc", Ct));
        var first = Assert.Single((await HistoryAsync()).Versions);
        Assert.Equal((1, First, First.AddDays(1)), (first.Version, first.FirstSeen, first.LastSeen));

        _site.Page("/doc", TestPages.Doc("Doc", "The second edition of the page.", "It says another thing."));
        await CheckAtAsync(First.AddDays(2));

        var stored = await Store.GetSourceVersionsAsync("doc", Ct);
        Assert.Equal([2, 1], stored.Select(v => v.Number));
        Assert.Equal((First, First.AddDays(1)), (stored[1].FirstSeen, stored[1].LastSeen));
        Assert.Equal(first.Fingerprint, stored[1].Fingerprint);
        Assert.Equal(First.AddDays(2), stored[0].FirstSeen);
        var history = await HistoryAsync();
        Assert.Equal([2, 1], history.Versions.Select(v => v.Version));
        Assert.NotNull(history.Versions[0].Summary);
    }

    [Fact]
    public async Task A_new_source_that_starts_failing_writes_its_first_version_with_the_last_check_that_saw_it()
    {
        await CheckAtAsync(First);
        _site.Status("/doc", 404);
        await CheckAtAsync(First.AddDays(1));

        var stored = Assert.Single(await Store.GetSourceVersionsAsync("doc", Ct));
        Assert.Equal((1, First, First), (stored.Number, stored.FirstSeen, stored.LastSeen));
        var shown = Assert.Single((await HistoryAsync()).Versions);
        Assert.Equal((1, First, First), (shown.Version, shown.FirstSeen, shown.LastSeen));
    }

    private async Task CheckAtAsync(DateTimeOffset now)
    {
        _clock.Now = now;
        var report = await _services.GetRequiredService<CheckRunner>().RunAsync(Catalog(), CheckScope.All, null, Ct);
        Assert.True(report.Conclusive);
    }

    private async Task<SourceHistory> HistoryAsync() =>
        (await _services.GetRequiredService<SourceHistoryService>().GetHistoryAsync(Catalog(), "doc", Ct))!;

    private ReviewCatalog Catalog() => CatalogLoader.Parse($"""
        settings:
          allowPrivateNetworks: true
          retries: 0
          brokenAfterFailures: 1
        sources:
          - id: doc
            url: {_site.Url("/doc")}
          - id: control
            url: {_site.Url("/control")}
        owners:
          - id: ops
        runbooks:
          - id: rb
            title: Runbook
            owner: ops
            lastReviewed: 2026-11-01
            sources: [doc, control]
        """, "first-version.yaml");

    /// <summary>"Now" set by the test between checks; timers and delays stay real (as <see cref="FixedClock"/>).</summary>
    private sealed class MovableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = First;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
