using ReviewCadence.Checking;

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
    public string? Version { get; init; }

    public bool HasFinding => Finding is not null;
}

/// <summary>A recorded re-review of a runbook. Seeds from the catalog's <c>lastReviewed</c> are not stored.</summary>
public sealed record ReviewRecord
{
    public required string Id { get; init; }
    public required string RunbookId { get; init; }
    public required DateTimeOffset ReviewedAt { get; init; }
    public required string Reviewer { get; init; }
    /// <summary><c>pass</c> or <c>fail</c>.</summary>
    public required string Result { get; init; }
    public string? Notes { get; init; }
    public string? FollowUpOwner { get; init; }
    public IReadOnlyList<string> SourcesChecked { get; init; } = [];
}

/// <summary>How often an owner has been reminded of one runbook's current outstanding state.</summary>
public sealed record ReminderState
{
    public required string OwnerId { get; init; }
    public required string RunbookId { get; init; }
    /// <summary>Identifies the outstanding state (status and since when); a new state restarts the count.</summary>
    public required string StateKey { get; init; }
    public int Count { get; init; }
    public DateTimeOffset? FirstSentAt { get; init; }
    public DateTimeOffset? LastSentAt { get; init; }
    public string? Version { get; init; }
}

/// <summary>The audit trail of one digest sent (or attempted) on one channel.</summary>
public sealed record DeliveryRecord
{
    public required string Id { get; init; }
    public required string OwnerId { get; init; }
    /// <summary>A safe channel label (type and index), never the URL.</summary>
    public required string Channel { get; init; }
    public bool Escalation { get; init; }
    public required IReadOnlyList<string> RunbookIds { get; init; }
    public required DateTimeOffset SentAt { get; init; }
    public required bool Succeeded { get; init; }
    public string? Error { get; init; }
}

/// <summary>A held run lease. Dispose does not release it: call <see cref="IReviewStore.ReleaseLeaseAsync"/>.</summary>
public sealed record RunLease(string Name, string Holder, DateTimeOffset ExpiresAt, string Version);

/// <summary>Thrown when a write lost an optimistic-concurrency race (the entity changed since it was read).</summary>
public sealed class StoreConflictException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Thrown when the store cannot be opened or reached; the message says which store and why, without secrets.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
