
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage;

/// <summary>
/// One runbook citing one source: the version the runbook was last reviewed against, and the open
/// finding if the source has since changed, moved or broken. Stored by source, so a check finds the
/// runbooks citing a source without a scan.
/// </summary>
public sealed record Citation
{
    public required string SourceId { get; init; }
    public required string RunbookId { get; init; }
    /// <summary>Fingerprint of the source as of the runbook's last review; null until first seen.</summary>
    public string? BaselineFingerprint { get; init; }
    /// <summary>Where the source's content was read at the last review (a later permanent move is a finding).</summary>
    public string? BaselineUrl { get; init; }
    public FindingKind? Finding { get; init; }
    public DateTimeOffset? DetectedAt { get; init; }
    public string? FindingDetail { get; init; }
    /// <summary>The URL the finding is about (the new URL, for a move).</summary>
    public string? FindingUrl { get; init; }
    /// <summary>For a finding about a cited section: which section, the claims gone, the quoted change; else null.</summary>
    public SectionFinding? FindingSection { get; init; }
    public string? Version { get; init; }

    public bool HasFinding => Finding is not null;
}
