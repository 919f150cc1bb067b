using System.Text.Json.Serialization;
using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Runbooks;

/// <summary>
/// Why a runbook needs re-review: one source that changed, moved or broke since its last review, or (kind
/// <see cref="FindingKind.FailedReview"/>, with no source or URL) a last review that failed, its notes as the detail.
/// </summary>
public sealed record RunbookFinding(string? Source, string? Url, FindingKind Kind, DateTimeOffset DetectedAt, string? Detail)
{
    /// <summary>The finding of a failed last review: its notes as the detail.</summary>
    public static RunbookFinding FailedReview(Storage.ReviewRecord review) => new(null, null, FindingKind.FailedReview, review.ReviewedAt, review.Notes);

    /// <summary>The cited section the finding is about (its heading's text, or <c>#fragment</c>); absent for the whole page.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Section { get; init; }

    /// <summary>The cited claims no longer found in the section; absent when none is missing.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Claims { get; init; }

    /// <summary>True when the cited section is no longer on the page; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? SectionMissing { get; init; }

    /// <summary>When the section is missing: the page's headings now.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Headings { get; init; }

    /// <summary>The section's lines removed since the last review (quoted, bounded).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Removed { get; init; }

    /// <summary>The section's lines added since the last review (quoted, bounded).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Added { get; init; }

    /// <summary>The finding with what its citation's <see cref="SectionFinding"/> says (nothing for a whole-page finding).</summary>
    public RunbookFinding WithSection(SectionFinding? section) => section is null ? this : this with
    {
        Section = section.Section,
        Claims = section.Claims.Count > 0 && !section.Missing ? section.Claims : null,
        SectionMissing = section.Missing ? true : null,
        Headings = section.Missing ? section.Headings : null,
        Removed = section.Removed.Count > 0 ? section.Removed : null,
        Added = section.Added.Count > 0 ? section.Added : null,
    };
}
