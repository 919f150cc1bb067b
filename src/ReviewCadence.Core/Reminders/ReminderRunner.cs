using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewCadence.Catalog;
using ReviewCadence.Runbooks;
using ReviewCadence.Storage;

namespace ReviewCadence.Reminders;

/// <summary>
/// One reminder run: under the <c>remind</c> run lease, computes runbook statuses, plans each owner's
/// digest (<see cref="ReminderPlanner"/>) and sends it on every channel of the owner (and of the
/// escalation owner), recording each attempt as a <see cref="DeliveryRecord"/>.
/// <para>
/// Counting rule: an owner counts as reminded of the runbooks in their digest when at least one of
/// their own channels accepted it; only then do those runbooks' reminder states advance. If every
/// channel failed, nothing advances and the whole digest (escalation included) is sent again next
/// run. If one channel failed while another accepted, the owner has been reached: the failure is
/// reported and audited, and that channel gets the next digest when the repeat interval comes round
/// rather than a catch-up copy tomorrow. Catching up a single channel would need per-channel reminder
/// state and would deliver stale news late; a broken channel is a configuration fault the report's
/// <c>failed</c> list (exit code 2) already surfaces. An escalation's delivery does not count as
/// reminding the owner; a failed escalation goes out again with the owner's next reminder (every
/// reminder past the threshold is escalated).
/// </para>
/// <para>
/// Reachability: each owner's <see cref="OwnerReachability"/> counts the runs in a row that had a digest for them
/// and reached none of their channels (a run that reaches any sets it back to 0). From the run that makes it
/// <see cref="ReminderPolicy.EscalateAfter"/> (at once for an owner with no channels), the owner is unreachable: the
/// digest goes to <c>escalateTo</c> as well, saying so (<see cref="ReminderDigest.OwnerUnreachable"/>), in place of
/// the count-based escalation, and again every run until the owner is reached.
/// </para>
/// <para>A dry run plans and reports what would be sent; it sends nothing and writes nothing, not even the lease.</para>
/// </summary>
public sealed class ReminderRunner
{
    private readonly IReviewStore store;
    private readonly RunbookStatusService statuses;
    private readonly IReminderChannels channels;
    private readonly IOptions<ReminderOptions> options;
    private readonly TimeProvider clock;
    private readonly RunLeases leases;
    private readonly ILogger<ReminderRunner> logger;

    // Internal: built by AddReviewCadence from the pipeline's internal services (hosts resolve it, never construct it).
    internal ReminderRunner(
        IReviewStore store,
        RunbookStatusService statuses,
        IReminderChannels channels,
        IOptions<ReminderOptions> options,
        TimeProvider clock,
        RunLeases leases,
        ILogger<ReminderRunner> logger)
    {
        this.store = store;
        this.statuses = statuses;
        this.channels = channels;
        this.options = options;
        this.clock = clock;
        this.leases = leases;
        this.logger = logger;
    }

    /// <summary>The run lease a reminder run takes: one run at a time.</summary>
    public const string LeaseName = "remind";
    /// <summary>The label used in the report for an owner with no <c>notify</c> entries.</summary>
    public const string NoChannelLabel = "none";

    private const int OwnersInFlight = 4;

    /// <summary>Sends each owner a digest of their outstanding runbooks that is due (none twice for one state within <c>repeatEveryDays</c>), escalating where reminders went unanswered; <paramref name="dryRun"/> reports what would be sent and sends nothing. A <see cref="ReminderRunInProgressException"/> when another run holds the lease.</summary>
    public async Task<ReminderReport> RunAsync(ReviewCatalog catalog, bool dryRun, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (dryRun)
        {
            // A dry run writes nothing, not even the lease, so it may run beside a real one.
            var preview = await PlanAsync(catalog, now, cancellationToken);
            return DryRunReport(catalog, preview, await ReachabilityAsync(preview, cancellationToken));
        }
        // On the lease clock (real time), renewed while this run lives, whatever clock the run reports in (--now).
        await using var lease = await leases.TryAcquireAsync(LeaseName, Guid.NewGuid().ToString("n"), cancellationToken)
            ?? throw new ReminderRunInProgressException(await leases.DescribeRefusalAsync(LeaseName, "a reminder run", "--reminders", cancellationToken));
        var plans = await PlanAsync(catalog, now, cancellationToken);
        var outcomes = new OwnerOutcome[plans.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, plans.Count),
            new ParallelOptions { MaxDegreeOfParallelism = OwnersInFlight, CancellationToken = cancellationToken },
            async (index, token) => outcomes[index] = await DeliverAsync(catalog, plans[index], token));
        return new ReminderReport(outcomes.SelectMany(o => o.Sent).ToList(), outcomes.SelectMany(o => o.Failed).ToList(), DryRun: false);
    }

    private async Task<IReadOnlyList<OwnerReminderPlan>> PlanAsync(ReviewCatalog catalog, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var runbooks = await statuses.GetAllAsync(catalog, cancellationToken);
        var states = new Dictionary<string, IReadOnlyList<ReminderState>>();
        foreach (var owner in catalog.Owners)
        {
            states[owner.Id] = await store.GetReminderStatesAsync(owner.Id, cancellationToken);
        }
        return ReminderPlanner.Plan(catalog, runbooks, states, now);
    }

    private async Task<IReadOnlyDictionary<string, OwnerReachability?>> ReachabilityAsync(IReadOnlyList<OwnerReminderPlan> plans, CancellationToken cancellationToken)
    {
        var byOwner = new Dictionary<string, OwnerReachability?>(StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            byOwner[plan.Owner.Id] = await store.GetOwnerReachabilityAsync(plan.Owner.Id, cancellationToken);
        }
        return byOwner;
    }

    /// <summary>
    /// What a run would send: each channel's preflight stands in for its delivery, so an owner all of whose channels
    /// would fail counts as not reached (and may be escalated as unreachable), as in a real run.
    /// </summary>
    private ReminderReport DryRunReport(ReviewCatalog catalog, IReadOnlyList<OwnerReminderPlan> plans, IReadOnlyDictionary<string, OwnerReachability?> reachability)
    {
        var sent = new List<ReminderSent>();
        var failed = new List<ReminderFailure>();
        foreach (var plan in plans)
        {
            var ownerWouldFail = plan.Owner.Notify.Select(c => channels.Preflight(c)).ToList();
            var escalation = plan.Escalation;
            if (ownerWouldFail.All(e => e is not null))
            {
                var reasons = ownerWouldFail.Select((e, i) => $"{plan.Owner.Notify[i].Label(i)}: {e}").ToList();
                escalation = ReminderPlanner.UnreachableEscalation(catalog, plan, (reachability[plan.Owner.Id]?.FailedRuns ?? 0) + 1, reasons) ?? escalation;
            }
            Preview(plan.Digest);
            if (escalation is not null)
            {
                Preview(escalation);
            }
        }
        return new ReminderReport(sent, failed, DryRun: true);

        void Preview(ReminderDigest digest)
        {
            var recipient = catalog.FindOwner(digest.RecipientId)!;
            if (recipient.Notify.Count == 0)
            {
                failed.Add(new ReminderFailure(recipient.Id, NoChannelLabel, NoChannelError(recipient)));
            }
            for (var i = 0; i < recipient.Notify.Count; i++)
            {
                var channel = recipient.Notify[i];
                if (channels.Preflight(channel) is { } problem)
                {
                    failed.Add(new ReminderFailure(recipient.Id, channel.Label(i), problem));
                }
                else
                {
                    sent.Add(new ReminderSent(recipient.Id, channel.Label(i), digest.Escalation, digest.RunbookIds, digest.DeliveryId));
                }
            }
        }
    }

    private async Task<OwnerOutcome> DeliverAsync(ReviewCatalog catalog, OwnerReminderPlan plan, CancellationToken cancellationToken)
    {
        var reachability = await store.GetOwnerReachabilityAsync(plan.Owner.Id, cancellationToken);
        var ownerAttempts = await SendAsync(catalog, plan.Owner, plan.Digest, cancellationToken);
        var reached = ownerAttempts.Any(a => a.Error is null);
        var failedRuns = reached ? 0 : (reachability?.FailedRuns ?? 0) + 1;
        var escalation = plan.Escalation;
        if (!reached)
        {
            var reasons = ownerAttempts.Select(a => $"{a.Channel}: {a.Error}").ToList();
            escalation = ReminderPlanner.UnreachableEscalation(catalog, plan, failedRuns, reasons) ?? escalation;
        }
        var escalationAttempts = escalation is null
            ? []
            : await SendAsync(catalog, catalog.FindOwner(escalation.RecipientId)!, escalation, cancellationToken);
        var attempts = ownerAttempts.Concat(escalationAttempts).ToList();

        var failed = attempts.Where(a => a.Error is not null).Select(a => new ReminderFailure(a.Recipient, a.Channel, a.Error!)).ToList();
        if (reached)
        {
            try
            {
                await store.SaveReminderStatesAsync(plan.StatesAfterDelivery, cancellationToken);
            }
            catch (Exception ex) when (ex is StoreConflictException or StoreUnavailableException)
            {
                // Delivered but not remembered: the next run sends it again, the safe side.
                logger.LogWarning("Reminded {Owner} but could not save the reminder state: {Error}", plan.Owner.Id, ex.Message);
                failed.Add(new ReminderFailure(plan.Owner.Id, "state", $"delivered, but the reminder state was not saved ({ex.Message}); it will be sent again next run"));
            }
        }
        if (await SaveReachabilityAsync(plan, reachability, reached, failedRuns, cancellationToken) is { } notSaved)
        {
            failed.Add(notSaved);
        }
        var sent = attempts.Where(a => a.Error is null)
            .Select(a => new ReminderSent(a.Recipient, a.Channel, a.Digest.Escalation, a.Digest.RunbookIds, a.Digest.DeliveryId))
            .ToList();
        return new OwnerOutcome(sent, failed);
    }

    /// <summary>Counts this run for the owner's reachability; a failure to save it is reported, never thrown.</summary>
    private async Task<ReminderFailure?> SaveReachabilityAsync(
        OwnerReminderPlan plan, OwnerReachability? stored, bool reached, int failedRuns, CancellationToken cancellationToken)
    {
        var now = plan.Digest.SentAt;
        var next = (stored ?? new OwnerReachability { OwnerId = plan.Owner.Id }) with
        {
            FailedRuns = failedRuns,
            LastFailedAt = reached ? stored?.LastFailedAt : now,
            LastReachedAt = reached ? now : stored?.LastReachedAt,
        };
        try
        {
            await store.SaveOwnerReachabilityAsync(next, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is StoreConflictException or StoreUnavailableException)
        {
            logger.LogWarning("Could not save whether {Owner} was reached: {Error}", plan.Owner.Id, ex.Message);
            return new ReminderFailure(plan.Owner.Id, "reachability", $"could not save whether the owner was reached ({ex.Message})");
        }
    }

    private async Task<IReadOnlyList<Attempt>> SendAsync(ReviewCatalog catalog, OwnerDefinition recipient, ReminderDigest digest, CancellationToken cancellationToken)
    {
        if (recipient.Notify.Count == 0)
        {
            var attempt = new Attempt(recipient.Id, NoChannelLabel, digest, NoChannelError(recipient));
            await RecordAsync(attempt, cancellationToken);
            return [attempt];
        }
        var content = ReminderContent.Build(digest, catalog, options.Value.PublicBase);
        return await Task.WhenAll(recipient.Notify.Select(async (channel, index) =>
        {
            var label = channel.Label(index);
            var attempt = new Attempt(recipient.Id, label, digest, await channels.TrySendAsync(digest, channel, label, content, catalog.Settings, cancellationToken));
            await RecordAsync(attempt, cancellationToken);
            return attempt;
        }));
    }

    private async Task RecordAsync(Attempt attempt, CancellationToken cancellationToken)
    {
        try
        {
            await store.AddDeliveryAsync(new DeliveryRecord
            {
                Id = Guid.NewGuid().ToString("n"),
                OwnerId = attempt.Recipient,
                Channel = attempt.Channel,
                Escalation = attempt.Digest.Escalation,
                RunbookIds = attempt.Digest.RunbookIds,
                SentAt = attempt.Digest.SentAt,
                Succeeded = attempt.Error is null,
                Error = attempt.Error,
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is StoreConflictException or StoreUnavailableException)
        {
            // The audit trail is not worth failing a delivery that already happened.
            logger.LogWarning("Could not record the delivery to {Owner} on {Channel}: {Error}", attempt.Recipient, attempt.Channel, ex.Message);
        }
    }

    private static string NoChannelError(OwnerDefinition owner) => $"owner '{owner.Id}' has no notify channels in the catalog";

    private sealed record Attempt(string Recipient, string Channel, ReminderDigest Digest, string? Error);

    private sealed record OwnerOutcome(IReadOnlyList<ReminderSent> Sent, IReadOnlyList<ReminderFailure> Failed);
}
