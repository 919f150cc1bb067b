namespace ReviewCadence.Storage;

/// <summary>
/// One version of a source's content in its history: the checks that saw it, first and last. Numbers count up per
/// source from 1 and are never reused (a pruned number stays gone); content that returns to an earlier text is a
/// new version with the old fingerprint, because history is a timeline.
/// </summary>
public sealed record SourceVersion
{
    /// <summary>The source the version belongs to.</summary>
    public required string SourceId { get; init; }
    /// <summary>The version's number, 1 for the baseline.</summary>
    public required int Number { get; init; }
    /// <summary>The content's fingerprint; its snapshot is in the store while the version is kept.</summary>
    public required string Fingerprint { get; init; }
    /// <summary>When a check first saw this content (the run's clock).</summary>
    public required DateTimeOffset FirstSeen { get; init; }
    /// <summary>When a check last saw this content.</summary>
    public required DateTimeOffset LastSeen { get; init; }
    /// <summary>What changed against the version before it ("Volume pricing: section removed"); null for a baseline.</summary>
    public string? Summary { get; init; }
}
