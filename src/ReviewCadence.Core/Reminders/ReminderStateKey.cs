using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ReviewCadence.Runbooks;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Reminders;

/// <summary>
/// Names a runbook's outstanding state: its status and what it is outstanding since. A review clears
/// findings and moves the due date, so whatever comes after it has a new key and starts a new count.
/// </summary>
internal static class ReminderStateKey
{
    public static string For(RunbookStatus runbook) => runbook.Status switch
    {
        // New findings (another source changed, or one changed again after a review) are news: a new state.
        RunbookStatusKind.NeedsReview => "needs-review:" + FindingsHash(runbook.Findings),
        _ => $"{runbook.Status.Name()}:{DueText(runbook.NextReviewDue)}",
    };

    /// <summary>The day the runbook entered its outstanding state, as far as the status tells it.</summary>
    public static DateOnly? OutstandingSince(RunbookStatus runbook, int dueSoonDays) => runbook.Status switch
    {
        RunbookStatusKind.NeedsReview when runbook.Findings.Count > 0 =>
            DateOnly.FromDateTime(runbook.Findings.Min(f => f.DetectedAt).UtcDateTime),
        RunbookStatusKind.Overdue => runbook.NextReviewDue?.AddDaysClamped(1),
        RunbookStatusKind.DueSoon => runbook.NextReviewDue?.AddDaysClamped(-dueSoonDays),
        _ => null,
    };

    private static string DueText(DateOnly? due) => due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "never-reviewed";

    private static string FindingsHash(IReadOnlyList<RunbookFinding> findings)
    {
        // Order-independent, and short enough for any store key: the set of (source, kind, detectedAt).
        var canonical = string.Join('\n', findings
            .Select(f => $"{f.Source}|{f.Kind.Name()}|{f.DetectedAt.UtcTicks}")
            .Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16];
    }
}
