using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Storage;
using ReviewCadence.Tests.EndToEnd;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.Checking;

/// <summary>
/// A check hands each new page's snapshot to the store and goes on fetching; <see cref="SnapshotWrites"/> bounds the
/// writes under way and makes the run wait for all of them before it applies. Here on their own, and through the real
/// runner, fetcher and SQLite store against a Kestrel site, with the store's writes held back or failed on purpose.
/// </summary>
public sealed class SnapshotWritesTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-snapshot-writes-").FullName;
    private ServiceProvider _services = null!;
    private TestSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        for (var i = 0; i < 6; i++)
        {
            _site.Page($"/p/{i}", TestPages.Doc($"Page {i}", $"Page {i} says something of its own.", "Its snapshot is kept."));
        }
        _services = CheckingServices.Build(Path.Combine(_dir, "state.db"), new FixedClock());
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
    public async Task A_write_beyond_the_limit_starts_only_when_one_under_way_ends()
    {
        var writes = new SnapshotWrites();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < SnapshotWrites.MaxUnderWay; i++)
        {
            await writes.StartAsync(() => release.Task, Ct).WaitAsync(Patience);
        }

        var started = false;
        var next = writes.StartAsync(() => { started = true; return Task.CompletedTask; }, Ct);
        var all = writes.WhenAllAsync(Ct);
        await Task.Delay(100, Ct); // real clock: only gives the held-back start a chance to run too early

        Assert.False(next.IsCompleted);
        Assert.False(started);
        Assert.False(all.IsCompleted);
        release.SetResult();
        await next.WaitAsync(Patience);
        await all.WaitAsync(Patience);
        await writes.WhenAllAsync(Ct).WaitAsync(Patience);
        Assert.True(started);
    }

    [Fact]
    public async Task A_failed_write_is_thrown_by_the_next_start_and_by_the_wait_for_all()
    {
        var writes = new SnapshotWrites();
        var failing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await writes.StartAsync(() => failing.Task, Ct);
        await writes.StartAsync(() => Task.CompletedTask, Ct);

        failing.SetException(new StoreUnavailableException("the store went away"));

        var thrown = await Assert.ThrowsAsync<StoreUnavailableException>(() => writes.WhenAllAsync(Ct).WaitAsync(Patience));
        Assert.Equal("the store went away", thrown.Message);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => writes.StartAsync(() => Task.CompletedTask, Ct));
    }

    [Fact]
    public async Task A_check_applies_only_once_every_snapshot_it_names_is_stored()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool? releasedWhenApplied = null;
        // The first snapshot's write is held back while the other sources finish; the run may start applying (its first
        // write: the new sources' citations) only after it was let go (the run waits for it), so no state it saves names
        // a snapshot that is not stored.
        var store = StoreHook.Before(
            StoreHook.Before(Store, nameof(IReviewStore.SaveSnapshotAsync), () => held.Task),
            nameof(IReviewStore.SaveCitationsAsync), () => { releasedWhenApplied = held.Task.IsCompleted; return Task.CompletedTask; });
        var runner = Runner(store);

        var checking = runner.RunAsync(Catalog(), CheckScope.All, null, Ct);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct); // real clock: the other sources finish meanwhile (and the run would go on, did it not wait)
        Assert.False(checking.IsCompleted);
        held.SetResult();
        var report = await checking.WaitAsync(Patience);

        Assert.True(report.Conclusive);
        Assert.Equal(6, report.Sources.Count);
        Assert.True(releasedWhenApplied);
        Assert.Equal(6, (await Store.GetSourcesAsync(Ct)).Count);
        Assert.Equal(0, await MissingSnapshotsAsync());
    }

    [Fact]
    public async Task A_check_whose_snapshot_write_fails_applies_nothing_and_the_next_check_runs()
    {
        var store = StoreHook.Before(Store, nameof(IReviewStore.SaveSnapshotAsync),
            () => throw new StoreUnavailableException("the store refused a snapshot"));

        var thrown = await Assert.ThrowsAsync<StoreUnavailableException>(() => Runner(store).RunAsync(Catalog(), CheckScope.All, null, Ct).WaitAsync(Patience));

        Assert.Equal("the store refused a snapshot", thrown.Message);
        Assert.Empty(await Store.GetSourcesAsync(Ct));
        // The lease went with the failed run: the next check takes it, applies, and stores every snapshot.
        var report = await _services.GetRequiredService<CheckRunner>().RunAsync(Catalog(), CheckScope.All, null, Ct);
        Assert.True(report.Conclusive);
        Assert.Equal(6, (await Store.GetSourcesAsync(Ct)).Count);
        Assert.Equal(0, await MissingSnapshotsAsync());
    }

    /// <summary>The real runner, with <paramref name="store"/> wherever the pipeline uses the store.</summary>
    private CheckRunner Runner(IReviewStore store)
    {
        var checker = ActivatorUtilities.CreateInstance<SourceChecker>(_services, store);
        var applier = ActivatorUtilities.CreateInstance<CheckApplier>(_services, store);
        return InternalActivator.Create<CheckRunner>(_services, checker, applier, store);
    }

    /// <summary>How many stored states name a fingerprint whose snapshot is not stored.</summary>
    private async Task<int> MissingSnapshotsAsync()
    {
        var missing = 0;
        foreach (var state in await Store.GetSourcesAsync(Ct))
        {
            if (state.Fingerprint is { } fingerprint && await Store.GetSnapshotAsync(state.SourceId, fingerprint, Ct) is null)
            {
                missing++;
            }
        }
        return missing;
    }

    private ReviewCatalog Catalog() => CatalogLoader.Parse($"""
        settings:
          allowPrivateNetworks: true
          maxConcurrency: 3
        sources:
        {string.Join("\n", Enumerable.Range(0, 6).Select(i => $"  - id: s{i}\n    url: {_site.Url($"/p/{i}")}"))}
        owners:
          - id: ops
        runbooks:
          - id: rb
            title: Runbook
            owner: ops
            lastReviewed: 2026-11-01
            sources: [s0, s1, s2, s3, s4, s5]
        """, "snapshot-writes.yaml");
}
