using System.Text.RegularExpressions;

namespace ReviewCadence.Catalog;

/// <summary>The <c>reminders:</c> block.</summary>
public sealed record ReminderPolicy
{
    public int RepeatEveryDays { get; init; } = 3;
    public int DueSoonDays { get; init; } = 7;
    public int EscalateAfter { get; init; } = 3;
}
