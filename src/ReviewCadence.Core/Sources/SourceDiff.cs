using ReviewCadence.Extraction;

namespace ReviewCadence.Sources;

/// <summary>A change of a source (<c>diff --json</c>), by default its last one: its summary and a unified diff of the stored snapshots.</summary>
public sealed record SourceDiff
{
    /// <summary>The source's id.</summary>
    public required string Source { get; init; }
    /// <summary>The source's URL.</summary>
    public required string Url { get; init; }
    /// <summary>The history's number of the older version compared; null when the store has no such version.</summary>
    public int? FromVersion { get; init; }
    /// <summary>The history's number of the newer version compared; null when the store has no such version.</summary>
    public int? ToVersion { get; init; }
    /// <summary>When the newer version was first seen; null when there is no change to show.</summary>
    public DateTimeOffset? ChangedAt { get; init; }
    /// <summary>The change in words ("Volume pricing: section removed"); null across several versions or when there is none.</summary>
    public string? Summary { get; init; }
    /// <summary>The older version's fingerprint; null when there is none.</summary>
    public string? FromFingerprint { get; init; }
    /// <summary>The newer version's fingerprint; null when there is none.</summary>
    public string? ToFingerprint { get; init; }
    /// <summary>False when the source has not changed since its first fetch (nothing to compare).</summary>
    public required bool HasChange { get; init; }
    /// <summary>The change as a unified diff (empty when there is none).</summary>
    public required string Diff { get; init; }
    /// <summary>The change as hunks of numbered lines.</summary>
    public required DiffResult Hunks { get; init; }
}
