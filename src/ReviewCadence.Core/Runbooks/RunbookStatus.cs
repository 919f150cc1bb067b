using System.Text.Json.Serialization;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Runbooks;

/// <summary>A runbook as users see it (<c>status --json</c>, the API, reminders).</summary>
public sealed record RunbookStatus
{
    /// <summary>The runbook's id.</summary>
    public required string Id { get; init; }
    /// <summary>The runbook's title.</summary>
    public required string Title { get; init; }
    /// <summary>The id of the owner who reviews it.</summary>
    public required string Owner { get; init; }
    /// <summary>The most urgent rung of the ladder it is on.</summary>
    public required RunbookStatusKind Status { get; init; }
    /// <summary>The date of the last passing review (recorded, else the catalog's <c>lastReviewed</c>); null when never reviewed.</summary>
    public DateOnly? LastReviewed { get; init; }
    /// <summary>When the next cadence review is due; null when never reviewed.</summary>
    public DateOnly? NextReviewDue { get; init; }
    /// <summary>Past <see cref="NextReviewDue"/> (or never reviewed), whatever <see cref="Status"/> says.</summary>
    public bool Overdue { get; init; }
    /// <summary>Whole days past <see cref="NextReviewDue"/> when overdue; null when not overdue or never reviewed.</summary>
    public int? DaysOverdue { get; init; }
    /// <summary>The open findings: a failed last review first, then the cited sources' in catalog order.</summary>
    public required IReadOnlyList<RunbookFinding> Findings { get; init; }
    /// <summary>The link to the runbook's document; null for none.</summary>
    public string? Document { get; init; }

    /// <summary>Whether the owner should hear about it (anything but current).</summary>
    [JsonIgnore]
    public bool IsOutstanding => Status != RunbookStatusKind.Current;
}
