
namespace ReviewCadence.Reminders;

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
