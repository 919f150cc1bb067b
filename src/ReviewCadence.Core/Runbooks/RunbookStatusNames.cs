using System.Text.Json.Serialization;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Runbooks;

public static class RunbookStatusNames
{
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
