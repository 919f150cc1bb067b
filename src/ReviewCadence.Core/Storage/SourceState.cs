
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage;

/// <summary>What the store remembers of one source between runs.</summary>
public sealed record SourceState
{
    public required string SourceId { get; init; }
    public required string Url { get; init; }
    public string? FinalUrl { get; init; }
    public CheckOutcome? LastOutcome { get; init; }
    public int? HttpStatus { get; init; }
    public string? Detail { get; init; }
    public DateTimeOffset? LastCheckedAt { get; init; }
    /// <summary>When the content fingerprint last changed (the baseline's first fetch counts).</summary>
    public DateTimeOffset? LastChangedAt { get; init; }
    /// <summary>Failing runs in a row; reset by any successful fetch.</summary>
    public int ConsecutiveFailures { get; init; }
    /// <summary>Fingerprint of the current content; its snapshot is in the store.</summary>
    public string? Fingerprint { get; init; }
    /// <summary>Fingerprint before the last change, so the last change can be shown as a diff.</summary>
    public string? PreviousFingerprint { get; init; }
    /// <summary>The words describing the last change ("Volume pricing: section removed").</summary>
    public string? LastChangeSummary { get; init; }
    public string? HttpETag { get; init; }
    public string? HttpLastModified { get; init; }
    /// <summary>Store concurrency token; null for an entity not read from the store.</summary>
    public string? Version { get; init; }
}
