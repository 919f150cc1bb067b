using ReviewCadence.Extraction;

namespace ReviewCadence.Sources;

/// <summary>The last change of a source (<c>diff --json</c>): its summary and a unified diff of the stored snapshots.</summary>
public sealed record SourceDiff
{
    public required string Source { get; init; }
    public required string Url { get; init; }
    public DateTimeOffset? ChangedAt { get; init; }
    public string? Summary { get; init; }
    public string? FromFingerprint { get; init; }
    public string? ToFingerprint { get; init; }
    /// <summary>False when the source has not changed since its first fetch (nothing to compare).</summary>
    public required bool HasChange { get; init; }
    public required string Diff { get; init; }
    public required DiffResult Hunks { get; init; }
}
