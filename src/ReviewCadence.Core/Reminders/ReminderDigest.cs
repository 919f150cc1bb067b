using ReviewCadence.Runbooks;

namespace ReviewCadence.Reminders;

/// <summary>One outstanding runbook in a digest, with how often its owner has now heard about it.</summary>
public sealed record ReminderItem
{
    public required RunbookStatus Runbook { get; init; }
    /// <summary>The outstanding state this reminder is about (see <see cref="ReminderStateKey"/>).</summary>
    public required string StateKey { get; init; }
    /// <summary>1 for the first reminder of this outstanding state, 2 for the next, and so on.</summary>
    public required int ReminderNumber { get; init; }
    /// <summary>The day the runbook entered this outstanding state; null when never reviewed.</summary>
    public DateOnly? OutstandingSince { get; init; }
}

/// <summary>What one recipient is told in one reminder run: a list of outstanding runbooks.</summary>
public sealed record ReminderDigest
{
    /// <summary>The owner whose channels receive the digest (the escalation owner, for an escalation).</summary>
    public required string RecipientId { get; init; }
    /// <summary>The follow-up owner of the runbooks listed.</summary>
    public required string OwnerId { get; init; }
    /// <summary>True when the digest goes to <see cref="RecipientId"/> because <see cref="OwnerId"/> has been reminded often enough.</summary>
    public bool Escalation { get; init; }
    public required DateTimeOffset SentAt { get; init; }
    public required IReadOnlyList<ReminderItem> Items { get; init; }

    public IReadOnlyList<string> RunbookIds => Items.Select(i => i.Runbook.Id).ToList();
}
