using System.Text.RegularExpressions;

namespace ReviewCadence.Catalog;

/// <summary>The <c>reminders:</c> block.</summary>
public sealed record ReminderPolicy
{
    /// <summary>Re-remind an owner about the same outstanding runbook after this many days.</summary>
    public int RepeatEveryDays { get; init; } = 3;
    /// <summary>Remind once this many days before a cadence review falls due.</summary>
    public int DueSoonDays { get; init; } = 7;
    /// <summary>Reminders sent for one outstanding state before the escalation owner is told too.</summary>
    public int EscalateAfter { get; init; } = 3;
}
