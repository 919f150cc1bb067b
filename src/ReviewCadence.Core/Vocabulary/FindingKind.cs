using System.Text.Json.Serialization;

namespace ReviewCadence.Vocabulary;

/// <summary>Why a runbook needs re-review.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingKind>))]
public enum FindingKind
{
    [JsonStringEnumMemberName("changed")] Changed,
    [JsonStringEnumMemberName("moved")] Moved,
    [JsonStringEnumMemberName("broken")] Broken,
    /// <summary>The last review failed: the runbook stays flagged until a review passes (never stored on a citation).</summary>
    [JsonStringEnumMemberName("failed-review")] FailedReview,
}
