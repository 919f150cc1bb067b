using System.Text.Json.Serialization;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Runbooks;

/// <summary>A runbook as users see it (<c>status --json</c>, the API, reminders).</summary>
public sealed record RunbookStatus
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Owner { get; init; }
    public required RunbookStatusKind Status { get; init; }
    public DateOnly? LastReviewed { get; init; }
    public DateOnly? NextReviewDue { get; init; }
    /// <summary>Past <see cref="NextReviewDue"/> (or never reviewed), whatever <see cref="Status"/> says.</summary>
    public bool Overdue { get; init; }
    /// <summary>Whole days past <see cref="NextReviewDue"/> when overdue; null when not overdue or never reviewed.</summary>
    public int? DaysOverdue { get; init; }
    public required IReadOnlyList<RunbookFinding> Findings { get; init; }
    public string? Document { get; init; }

    /// <summary>Whether the owner should hear about it (anything but current).</summary>
    [JsonIgnore]
    public bool IsOutstanding => Status != RunbookStatusKind.Current;
}
