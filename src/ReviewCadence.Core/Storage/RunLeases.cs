using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ReviewCadence.Storage;

internal static class RunLeaseServiceCollectionExtensions
{
    /// <summary>The run leases and their clock (idempotent: both the whole of Core and the reminders alone add them).</summary>
    public static IServiceCollection AddRunLeases(this IServiceCollection services)
    {
        // real clock: run leases expire on the wall clock, whatever clock a command reports in (--now).
        services.TryAddSingleton(new LeaseClock(TimeProvider.System));
        services.AddOptions<RunLeaseOptions>();
        services.TryAddSingleton(InternalActivator.Create<RunLeases>);
        return services;
    }
}

/// <summary>The clock run leases expire on: real time, whatever clock a command reports in (<c>--now</c>).</summary>
internal sealed class LeaseClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset Now => Time.GetUtcNow();
}

/// <summary>How long a run's lease lasts between renewals, and how often a live run renews it.</summary>
internal sealed class RunLeaseOptions
{
    /// <summary>A holder that stops renewing (killed, frozen, cut off) loses the lease this long after its last renewal.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan RenewEvery { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>What <see cref="RunLeases.UnlockAsync"/> did.</summary>
public sealed record UnlockOutcome(string Name, bool Removed, string Message);

/// <summary>
/// The run leases (one check, one reminder run at a time) on the real clock: a lease names its holder (host,
/// process, start), is renewed while the run lives and lapses a minute after it stops; a holder on this host whose
/// process is gone is taken over at once. <c>reviewcadence unlock</c> clears a lease whose holder the store cannot judge.
/// </summary>
public sealed class RunLeases
{
    private readonly IReviewStore store;
    private readonly LeaseClock clock;
    private readonly IOptions<RunLeaseOptions> options;
    private readonly ILogger<RunLeases> logger;

    // Internal: built by AddReviewCadence from the pipeline's internal services (hosts resolve it, never construct it).
    internal RunLeases(
        IReviewStore store,
        LeaseClock clock,
        IOptions<RunLeaseOptions> options,
        ILogger<RunLeases> logger)
    {
        this.store = store;
        this.clock = clock;
        this.options = options;
        this.logger = logger;
    }

    /// <summary>Takes the lease for a run of this process, or returns null while a live holder has it.</summary>
    internal async Task<HeldLease?> TryAcquireAsync(string name, string runId, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        var holder = LeaseHolder.ThisProcess(runId, now).Format();
        var duration = options.Value.Duration;
        var lease = await store.TryAcquireLeaseAsync(name, holder, now, duration, cancellationToken);
        if (lease is null && await store.GetLeaseAsync(name, cancellationToken) is { } current
            && LeaseHolder.Parse(current.Holder) is { } previous && previous.IsGoneFromThisHost())
        {
            logger.LogWarning("The {Lease} lease was held by {Holder}, which is no longer running; taking it over", name, previous.Describe(now));
            await store.ReleaseLeaseAsync(current, cancellationToken);
            lease = await store.TryAcquireLeaseAsync(name, holder, now, duration, cancellationToken);
        }
        return lease is null ? null : new HeldLease(store, lease, clock, options.Value, logger);
    }

    /// <summary>
    /// The refusal for a run that found the lease held: who holds it, since when, and how to clear it if it is stale.
    /// </summary>
    public async Task<string> DescribeRefusalAsync(string name, string what, string unlockOption, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        var current = await store.GetLeaseAsync(name, cancellationToken);
        var holder = current is null ? null : LeaseHolder.Parse(current.Holder);
        var who = holder is not null ? $"held by {holder.Describe(now)}"
            : current is not null ? $"held by an earlier version's run until {current.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z"
            : "held a moment ago";
        return $"{what} is already running ({who}); try again when it has finished, or if that run is gone run `reviewcadence unlock {unlockOption}`";
    }

    /// <summary>Removes a lease whose holder is gone; refuses while the holder visibly runs on this machine.</summary>
    public async Task<UnlockOutcome> UnlockAsync(string name, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        if (await store.GetLeaseAsync(name, cancellationToken) is not { } current)
        {
            return new UnlockOutcome(name, false, $"no {name} lease is held");
        }
        var holder = LeaseHolder.Parse(current.Holder);
        var who = holder?.Describe(now) ?? $"an earlier version's run (until {current.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)";
        if (holder is { ProcessId: > 0 } && holder.Host.Equals(Environment.MachineName, StringComparison.OrdinalIgnoreCase)
            && !holder.IsGoneFromThisHost() && current.ExpiresAt > now)
        {
            throw new LeaseHeldException($"the {name} lease is held by {who}, which is still running on this machine; stop it first (it releases the lease when it ends)");
        }
        await store.ReleaseLeaseAsync(current, cancellationToken);
        logger.LogInformation("Unlocked the {Lease} lease held by {Holder}", name, who);
        return new UnlockOutcome(name, true, $"removed the {name} lease held by {who}");
    }
}

/// <summary>Unlock refused: the lease's holder is alive.</summary>
public sealed class LeaseHeldException(string message) : Exception(message);

/// <summary>
/// A lease this process holds: renewed in the background until disposed, then released. A renewal that finds the
/// lease gone (unlocked, or lapsed and taken over) stops renewing and says so in the log.
/// </summary>
internal sealed class HeldLease : IAsyncDisposable
{
    private readonly IReviewStore _store;
    private readonly LeaseClock _clock;
    private readonly RunLeaseOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private RunLease _lease;

    internal HeldLease(IReviewStore store, RunLease lease, LeaseClock clock, RunLeaseOptions options, ILogger logger)
    {
        _store = store;
        _lease = lease;
        _clock = clock;
        _options = options;
        _logger = logger;
        // Started here, so its first timer runs from the moment the lease was taken.
        _renewing = RenewAsync();
    }

    /// <summary>The lease as last renewed.</summary>
    public RunLease Lease => Volatile.Read(ref _lease);

    private async Task RenewAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(_options.RenewEvery, _clock.Time, _stop.Token);
                var renewed = await _store.RenewLeaseAsync(Lease, _clock.Now, _options.Duration, _stop.Token);
                if (renewed is null)
                {
                    _logger.LogWarning("The {Lease} lease was removed or taken over while this run held it; another run may start alongside", Lease.Name);
                    return;
                }
                Volatile.Write(ref _lease, renewed);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is StoreUnavailableException or StoreConflictException)
            {
                // Tried again at the next tick; the lease lasts three ticks.
                _logger.LogWarning("Could not renew the {Lease} lease: {Error}", Lease.Name, ex.Message);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
        try
        {
            await _store.ReleaseLeaseAsync(Lease, CancellationToken.None);
        }
        catch (Exception ex) when (ex is StoreConflictException or StoreUnavailableException)
        {
            _logger.LogWarning("Could not release the {Lease} lease ({Error}); it lapses by itself within {Duration}", Lease.Name, ex.Message, _options.Duration);
        }
    }
}
