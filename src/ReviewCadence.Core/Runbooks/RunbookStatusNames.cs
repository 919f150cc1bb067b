using System.Text.Json.Serialization;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Runbooks;

/// <summary>The status ladder's contract names and its rule.</summary>
public static class RunbookStatusNames
{
    /// <summary>The status's contract name, e.g. <c>needs-review</c>.</summary>
    public static string Name(this RunbookStatusKind status) => status switch
    {
        RunbookStatusKind.NeedsReview => "needs-review",
        RunbookStatusKind.Overdue => "overdue",
        RunbookStatusKind.DueSoon => "due-soon",
        _ => "current",
    };

    /// <summary>
    /// The ladder. A runbook never reviewed has no due date and is overdue: nobody has vouched for it.
    /// Due-soon starts <paramref name="dueSoonDays"/> before the due date; overdue is the day after it.
    /// </summary>
    public static RunbookStatusKind Evaluate(bool hasFindings, DateOnly? nextReviewDue, int dueSoonDays, DateOnly today)
    {
        if (hasFindings)
        {
            return RunbookStatusKind.NeedsReview;
        }
        if (nextReviewDue is not { } due || today > due)
        {
            return RunbookStatusKind.Overdue;
        }
        return today >= due.AddDaysClamped(-dueSoonDays) ? RunbookStatusKind.DueSoon : RunbookStatusKind.Current;
    }
}
