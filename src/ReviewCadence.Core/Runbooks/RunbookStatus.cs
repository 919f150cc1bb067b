using System.Text.Json.Serialization;
using ReviewCadence.Checking;

namespace ReviewCadence.Runbooks;

/// <summary>The status ladder, most urgent first: needs-review &gt; overdue &gt; due-soon &gt; current.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunbookStatusKind>))]
public enum RunbookStatusKind
{
    [JsonStringEnumMemberName("current")] Current,
    [JsonStringEnumMemberName("due-soon")] DueSoon,
    [JsonStringEnumMemberName("overdue")] Overdue,
    [JsonStringEnumMemberName("needs-review")] NeedsReview,
}

/// <summary>Why a runbook needs re-review: one source that changed, moved or broke since its last review.</summary>
public sealed record RunbookFinding(string Source, string Url, FindingKind Kind, DateTimeOffset DetectedAt, string? Detail);

/// <summary>A runbook as users see it (<c>status --json</c>, the API, reminders).</summary>
public sealed record RunbookStatus
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Owner { get; init; }
    public required RunbookStatusKind Status { get; init; }
    public DateOnly? LastReviewed { get; init; }
    public DateOnly? NextReviewDue { get; init; }
    public required IReadOnlyList<RunbookFinding> Findings { get; init; }
    public string? Document { get; init; }

    /// <summary>Whether the owner should hear about it (anything but current).</summary>
    [JsonIgnore]
    public bool IsOutstanding => Status != RunbookStatusKind.Current;
}

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
        return today >= due.AddDays(-dueSoonDays) ? RunbookStatusKind.DueSoon : RunbookStatusKind.Current;
    }
}
