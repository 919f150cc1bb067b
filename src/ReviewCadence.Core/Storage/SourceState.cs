
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage;

/// <summary>What the store remembers of one source between runs.</summary>
public sealed record SourceState
{
    /// <summary>The catalog id of the source.</summary>
    public required string SourceId { get; init; }
    /// <summary>The URL the catalog gives for the source.</summary>
    public required string Url { get; init; }
    /// <summary>Where the content was read after redirects; null when it was not moved.</summary>
    public string? FinalUrl { get; init; }
    /// <summary>How the last check classified the source; null before its first check.</summary>
    public CheckOutcome? LastOutcome { get; init; }
    /// <summary>The HTTP status of the last fetch; null when no response came.</summary>
    public int? HttpStatus { get; init; }
    /// <summary>What went wrong or what changed in the last check, in words; null when there is nothing to say.</summary>
    public string? Detail { get; init; }
    /// <summary>When the source was last checked (the run's clock).</summary>
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
    /// <summary>The ETag the site sent with the current content, for a conditional next fetch.</summary>
    public string? HttpETag { get; init; }
    /// <summary>The Last-Modified the site sent with the current content, for a conditional next fetch.</summary>
    public string? HttpLastModified { get; init; }
    /// <summary>Store concurrency token; null for an entity not read from the store.</summary>
    public string? Version { get; init; }
}
