
namespace ReviewCadence.Storage;

/// <summary>A recorded re-review of a runbook. Seeds from the catalog's <c>lastReviewed</c> are not stored.</summary>
public sealed record ReviewRecord
{
    public required string Id { get; init; }
    public required string RunbookId { get; init; }
    public required DateTimeOffset ReviewedAt { get; init; }
    public required string Reviewer { get; init; }
    /// <summary><c>pass</c> or <c>fail</c>.</summary>
    public required string Result { get; init; }
    public string? Notes { get; init; }
    public string? FollowUpOwner { get; init; }
    public IReadOnlyList<string> SourcesChecked { get; init; } = [];
}
