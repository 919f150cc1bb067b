
namespace ReviewCadence.Storage;

/// <summary>A recorded re-review of a runbook. Seeds from the catalog's <c>lastReviewed</c> are not stored.</summary>
public sealed record ReviewRecord
{
    /// <summary>The review's unique id.</summary>
    public required string Id { get; init; }
    /// <summary>The runbook reviewed.</summary>
    public required string RunbookId { get; init; }
    /// <summary>When the review was recorded.</summary>
    public required DateTimeOffset ReviewedAt { get; init; }
    /// <summary>Who reviewed it, as they gave their name.</summary>
    public required string Reviewer { get; init; }
    /// <summary><c>pass</c> or <c>fail</c>.</summary>
    public required string Result { get; init; }
    /// <summary>The reviewer's notes; null when none were given.</summary>
    public string? Notes { get; init; }
    /// <summary>Who follows the review up: the runbook's owner when it was recorded.</summary>
    public string? FollowUpOwner { get; init; }
    /// <summary>The sources the runbook cited when it was reviewed, by id.</summary>
    public IReadOnlyList<string> SourcesChecked { get; init; } = [];
}
