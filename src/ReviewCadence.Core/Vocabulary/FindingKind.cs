using System.Text.Json.Serialization;

namespace ReviewCadence.Vocabulary;

/// <summary>Why a runbook needs re-review.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingKind>))]
public enum FindingKind
{
    /// <summary>A cited source's content (or cited section) changed since the review.</summary>
    [JsonStringEnumMemberName("changed")] Changed,
    /// <summary>A cited source moved permanently to another URL.</summary>
    [JsonStringEnumMemberName("moved")] Moved,
    /// <summary>A cited source is gone or has been unreachable too long.</summary>
    [JsonStringEnumMemberName("broken")] Broken,
    /// <summary>The last review failed: the runbook stays flagged until a review passes (never stored on a citation).</summary>
    [JsonStringEnumMemberName("failed-review")] FailedReview,
}
