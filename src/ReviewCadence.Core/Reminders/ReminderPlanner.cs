using ReviewCadence.Catalog;
using ReviewCadence.Runbooks;
using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Reminders;

/// <summary>
/// What one owner is sent in a run: their digest, the escalation digest if any runbook in it has
/// been reminded <see cref="ReminderPolicy.EscalateAfter"/> times already, and the reminder states to
/// save once the owner's digest has been accepted by at least one of their channels.
/// </summary>
internal sealed record OwnerReminderPlan(
    OwnerDefinition Owner,
    ReminderDigest Digest,
    ReminderDigest? Escalation,
    IReadOnlyList<ReminderState> StatesAfterDelivery);

/// <summary>
/// The reminder policy, without I/O: who is told about what at <c>now</c>.
/// <list type="bullet">
/// <item>Each owner gets one digest of their needs-review, overdue and due-soon runbooks.</item>
/// <item>A runbook is left out if its owner was already reminded of the same outstanding state less
/// than <see cref="ReminderPolicy.RepeatEveryDays"/> days ago; a due-soon state is reminded once.</item>
/// <item>Days are counted as UTC calendar days, so a daily timer firing a few seconds early or late
/// still repeats on the intended day.</item>
/// <item>The reminder after <see cref="ReminderPolicy.EscalateAfter"/> reminders of one state (and every
/// one after that) also goes to the owner's <c>escalateTo</c>, listing those runbooks only. It is a
/// digest of its own, apart from the escalation owner's own reminders.</item>
/// <item>A digest is planned only if it lists at least one runbook.</item>
/// </list>
/// </summary>
internal static class ReminderPlanner
{
    public static IReadOnlyList<OwnerReminderPlan> Plan(
        ReviewCatalog catalog,
        IReadOnlyList<RunbookStatus> statuses,
        IReadOnlyDictionary<string, IReadOnlyList<ReminderState>> statesByOwner,
        DateTimeOffset now)
    {
        var policy = catalog.Reminders;
        var plans = new List<OwnerReminderPlan>();
        foreach (var owner in catalog.Owners)
        {
            var known = statesByOwner.GetValueOrDefault(owner.Id, []).ToDictionary(s => s.RunbookId);
            var items = new List<ReminderItem>();
            var next = new List<ReminderState>();
            foreach (var runbook in statuses.Where(s => s.Owner == owner.Id && s.IsOutstanding))
            {
                var key = ReminderStateKey.For(runbook);
                var stored = known.GetValueOrDefault(runbook.Id);
                var current = stored?.StateKey == key ? stored : null;
                if (!IsDue(runbook.Status, current, policy, now))
                {
                    continue;
                }
                var number = (current?.Count ?? 0) + 1;
                items.Add(new ReminderItem
                {
                    Runbook = runbook,
                    StateKey = key,
                    ReminderNumber = number,
                    OutstandingSince = ReminderStateKey.OutstandingSince(runbook, policy.DueSoonDays),
                });
                next.Add(new ReminderState
                {
                    OwnerId = owner.Id,
                    RunbookId = runbook.Id,
                    StateKey = key,
                    Count = number,
                    FirstSentAt = current?.FirstSentAt ?? now,
                    LastSentAt = now,
                    // The row is per (owner, runbook), whatever state it last held.
                    Version = stored?.Version,
                });
            }
            if (items.Count == 0)
            {
                continue;
            }
            var digest = new ReminderDigest { RecipientId = owner.Id, OwnerId = owner.Id, SentAt = now, Items = items };
            plans.Add(new OwnerReminderPlan(owner, digest, Escalation(catalog, owner, items, now), next));
        }
        return plans;
    }

    private static bool IsDue(RunbookStatusKind status, ReminderState? current, ReminderPolicy policy, DateTimeOffset now)
    {
        if (current?.LastSentAt is not { } last)
        {
            return true;
        }
        if (status == RunbookStatusKind.DueSoon)
        {
            return false;
        }
        var daysSince = DateOnly.FromDateTime(now.UtcDateTime).DayNumber - DateOnly.FromDateTime(last.UtcDateTime).DayNumber;
        return daysSince >= policy.RepeatEveryDays;
    }

    /// <summary>
    /// The escalation of an owner who could not be reached: after <paramref name="failedRuns"/> reminder runs in a row
    /// (this one included) in which none of their channels accepted their digest, at least
    /// <see cref="ReminderPolicy.EscalateAfter"/> of them, or at once when they have no channels. It lists the whole
    /// digest (they heard of none of it) and says the owner could not be reached. Null when not due or there is no
    /// valid <c>escalateTo</c>.
    /// </summary>
    public static ReminderDigest? UnreachableEscalation(ReviewCatalog catalog, OwnerReminderPlan plan, int failedRuns, IReadOnlyList<string> reasons)
    {
        var owner = plan.Owner;
        if (owner.EscalateTo is not { } target || target == owner.Id || catalog.FindOwner(target) is null)
        {
            return null;
        }
        if (failedRuns < catalog.Reminders.EscalateAfter && owner.Notify.Count > 0)
        {
            return null;
        }
        return plan.Digest with
        {
            RecipientId = target,
            Escalation = true,
            OwnerUnreachable = true,
            UnreachableRuns = failedRuns,
            UnreachableReasons = reasons,
        };
    }

    private static ReminderDigest? Escalation(ReviewCatalog catalog, OwnerDefinition owner, List<ReminderItem> items, DateTimeOffset now)
    {
        if (owner.EscalateTo is not { } target || target == owner.Id || catalog.FindOwner(target) is null)
        {
            return null;
        }
        var escalated = items.Where(i => i.ReminderNumber > catalog.Reminders.EscalateAfter).ToList();
        return escalated.Count == 0
            ? null
            : new ReminderDigest { RecipientId = target, OwnerId = owner.Id, Escalation = true, SentAt = now, Items = escalated };
    }
}
