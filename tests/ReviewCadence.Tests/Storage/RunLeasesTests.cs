using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReviewCadence.Storage;
using ReviewCadence.Storage.Sqlite;

namespace ReviewCadence.Tests.Storage;

/// <summary>Renewed leases on the lease clock: a live run keeps its lease, a silent one loses it within a minute.</summary>
public sealed class RunLeasesTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-leases-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private SqliteReviewStore _store = null!;
    private RunLeases _leases = null!;

    private static CancellationToken Ct => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _store = new SqliteReviewStore(Path.Combine(_dir, "state.db"));
        await _store.InitializeAsync(Ct);
        _leases = new RunLeases(_store, new LeaseClock(_clock), Options.Create(new RunLeaseOptions()), NullLogger<RunLeases>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Moves the lease clock on in small steps, waiting at each for a renewal that has fallen due.</summary>
    private async Task AdvanceAsync(TimeSpan total, HeldLease held)
    {
        var options = new RunLeaseOptions();
        for (var moved = TimeSpan.Zero; moved < total; moved += TimeSpan.FromSeconds(5))
        {
            _clock.Advance(TimeSpan.FromSeconds(5));
            // The renewal writes after its timer fires; wait for it (bounded), as a live run's would happen meanwhile.
            for (var i = 0; i < 300 && held.Lease.ExpiresAt - _clock.GetUtcNow() <= options.Duration - options.RenewEvery; i++)
            {
                await Task.Delay(10);
            }
        }
    }

    [Fact]
    public async Task A_live_run_keeps_its_lease_by_renewing_it_past_the_lease_duration()
    {
        await using var held = await _leases.TryAcquireAsync("check", "run-1", Ct);
        Assert.NotNull(held);

        await AdvanceAsync(TimeSpan.FromMinutes(5), held!);

        Assert.Null(await _leases.TryAcquireAsync("check", "run-2", Ct));
        var refusal = await _leases.DescribeRefusalAsync("check", "a check", "--check", Ct);
        Assert.Contains($"held by process {Environment.ProcessId} on {Environment.MachineName}, started 2026-12-01 10:00:00Z (5 min ago)", refusal);
        Assert.Contains("reviewcadence unlock --check", refusal);
    }

    [Fact]
    public async Task A_holder_on_another_host_that_stopped_renewing_loses_the_lease_within_a_minute()
    {
        var silent = new LeaseHolder("other-host", 31337, _clock.GetUtcNow(), "run-x").Format();
        Assert.NotNull(await _store.TryAcquireLeaseAsync("remind", silent, _clock.GetUtcNow(), new RunLeaseOptions().Duration, Ct));

        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(await _leases.TryAcquireAsync("remind", "run-2", Ct));
        Assert.Contains("process 31337 on other-host, started 2026-12-01 10:00:00Z (59 s ago)", await _leases.DescribeRefusalAsync("remind", "a reminder run", "--reminders", Ct));

        _clock.Advance(TimeSpan.FromSeconds(1));
        await using var taken = await _leases.TryAcquireAsync("remind", "run-2", Ct);
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task A_holder_on_this_host_whose_process_is_gone_is_taken_over_at_once()
    {
        var gone = new LeaseHolder(Environment.MachineName, DeadProcessId(), _clock.GetUtcNow(), "run-dead").Format();
        Assert.NotNull(await _store.TryAcquireLeaseAsync("check", gone, _clock.GetUtcNow(), TimeSpan.FromDays(365 * 3), Ct));

        await using var taken = await _leases.TryAcquireAsync("check", "run-2", Ct);

        Assert.NotNull(taken);
        Assert.Equal(Environment.ProcessId, LeaseHolder.Parse((await _store.GetLeaseAsync("check", Ct))!.Holder)!.ProcessId);
    }

    [Fact]
    public async Task Unlock_clears_a_lease_another_host_left_and_refuses_one_this_host_still_runs()
    {
        var farFuture = new LeaseHolder("other-host", 77, _clock.GetUtcNow(), "run-x").Format();
        Assert.NotNull(await _store.TryAcquireLeaseAsync("check", farFuture, _clock.GetUtcNow(), TimeSpan.FromDays(365 * 3), Ct));

        var outcome = await _leases.UnlockAsync("check", Ct);
        Assert.True(outcome.Removed);
        Assert.Contains("process 77 on other-host", outcome.Message);
        Assert.False((await _leases.UnlockAsync("check", Ct)).Removed);

        await using var mine = await _leases.TryAcquireAsync("check", "run-live", Ct);
        var refused = await Assert.ThrowsAsync<LeaseHeldException>(() => _leases.UnlockAsync("check", Ct));
        Assert.Contains($"process {Environment.ProcessId}", refused.Message);
        Assert.NotNull(await _store.GetLeaseAsync("check", Ct));
    }

    [Fact]
    public async Task A_disposed_lease_is_released()
    {
        await using (var held = await _leases.TryAcquireAsync("check", "run-1", Ct))
        {
            Assert.NotNull(held);
        }
        Assert.Null(await _store.GetLeaseAsync("check", Ct));
    }

    /// <summary>The id of a process that has exited: a short-lived child, waited for.</summary>
    internal static int DeadProcessId()
    {
        using var child = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        child.WaitForExit();
        return child.Id;
    }
}
