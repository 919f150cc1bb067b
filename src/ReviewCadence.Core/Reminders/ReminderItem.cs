using ReviewCadence.Runbooks;

namespace ReviewCadence.Reminders;

/// <summary>One outstanding runbook in a digest, with how often its owner has now heard about it.</summary>
internal sealed record ReminderItem
{
    public required RunbookStatus Runbook { get; init; }
    /// <summary>The outstanding state this reminder is about (see <see cref="ReminderStateKey"/>).</summary>
    public required string StateKey { get; init; }
    /// <summary>1 for the first reminder of this outstanding state, 2 for the next, and so on.</summary>
    public required int ReminderNumber { get; init; }
    /// <summary>The day the runbook entered this outstanding state; null when never reviewed.</summary>
    public DateOnly? OutstandingSince { get; init; }
}
