
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage;

/// <summary>
/// One runbook citing one source: the version the runbook was last reviewed against, and the open
/// finding if the source has since changed, moved or broken. Stored by source, so a check finds the
/// runbooks citing a source without a scan.
/// </summary>
public sealed record Citation
{
    /// <summary>The cited source's id.</summary>
    public required string SourceId { get; init; }
    /// <summary>The citing runbook's id.</summary>
    public required string RunbookId { get; init; }
    /// <summary>Fingerprint of the source as of the runbook's last review; null until first seen.</summary>
    public string? BaselineFingerprint { get; init; }
    /// <summary>Where the source's content was read at the last review (a later permanent move is a finding).</summary>
    public string? BaselineUrl { get; init; }
    /// <summary>The open finding (changed, moved, broken, …); null when the source is as reviewed.</summary>
    public FindingKind? Finding { get; init; }
    /// <summary>When the open finding was first detected.</summary>
    public DateTimeOffset? DetectedAt { get; init; }
    /// <summary>The finding in words (what changed, where it moved, why it is broken).</summary>
    public string? FindingDetail { get; init; }
    /// <summary>The URL the finding is about (the new URL, for a move).</summary>
    public string? FindingUrl { get; init; }
    /// <summary>For a finding about a cited section: which section, the claims gone, the quoted change; else null.</summary>
    public SectionFinding? FindingSection { get; init; }
    /// <summary>Store concurrency token; null for a citation not read from the store.</summary>
    public string? Version { get; init; }

    /// <summary>True while a finding is open.</summary>
    public bool HasFinding => Finding is not null;
}
