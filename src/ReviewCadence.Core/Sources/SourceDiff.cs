using ReviewCadence.Extraction;

namespace ReviewCadence.Sources;

/// <summary>A change of a source (<c>diff --json</c>), by default its last one: its summary and a unified diff of the stored snapshots.</summary>
public sealed record SourceDiff
{
    public required string Source { get; init; }
    public required string Url { get; init; }
    /// <summary>The history's number of the older version compared; null when the store has no such version.</summary>
    public int? FromVersion { get; init; }
    /// <summary>The history's number of the newer version compared; null when the store has no such version.</summary>
    public int? ToVersion { get; init; }
    public DateTimeOffset? ChangedAt { get; init; }
    public string? Summary { get; init; }
    public string? FromFingerprint { get; init; }
    public string? ToFingerprint { get; init; }
    /// <summary>False when the source has not changed since its first fetch (nothing to compare).</summary>
    public required bool HasChange { get; init; }
    public required string Diff { get; init; }
    public required DiffResult Hunks { get; init; }
}
