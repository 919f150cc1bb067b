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
            return DryRunReport(catalog, await PlanAsync(catalog, now, cancellationToken));
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

    private ReminderReport DryRunReport(ReviewCatalog catalog, IReadOnlyList<OwnerReminderPlan> plans)
    {
        var sent = new List<ReminderSent>();
        var failed = new List<ReminderFailure>();
        foreach (var digest in plans.SelectMany(p => p.Escalation is null ? [p.Digest] : new[] { p.Digest, p.Escalation }))
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
        return new ReminderReport(sent, failed, DryRun: true);
    }

    private async Task<OwnerOutcome> DeliverAsync(ReviewCatalog catalog, OwnerReminderPlan plan, CancellationToken cancellationToken)
    {
        var toOwner = SendAsync(catalog, plan.Owner, plan.Digest, cancellationToken);
        var toEscalation = plan.Escalation is { } escalation
            ? SendAsync(catalog, catalog.FindOwner(escalation.RecipientId)!, escalation, cancellationToken)
            : Task.FromResult<IReadOnlyList<Attempt>>([]);
        var ownerAttempts = await toOwner;
        var attempts = ownerAttempts.Concat(await toEscalation).ToList();

        var failed = attempts.Where(a => a.Error is not null).Select(a => new ReminderFailure(a.Recipient, a.Channel, a.Error!)).ToList();
        if (ownerAttempts.Any(a => a.Error is null))
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
        var sent = attempts.Where(a => a.Error is null)
            .Select(a => new ReminderSent(a.Recipient, a.Channel, a.Digest.Escalation, a.Digest.RunbookIds, a.Digest.DeliveryId))
            .ToList();
        return new OwnerOutcome(sent, failed);
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
