namespace ReviewCadence.Storage;

/// <summary>
/// Whether reminders reach an owner: how many reminder runs in a row had a digest for them that none of their channels
/// accepted. One per owner; a run in which any of their channels accepts the digest sets it back to 0.
/// </summary>
public sealed record OwnerReachability
{
    /// <summary>The catalog owner this is about.</summary>
    public required string OwnerId { get; init; }
    /// <summary>Reminder runs in a row in which the owner had a digest and no channel of theirs accepted it.</summary>
    public int FailedRuns { get; init; }
    /// <summary>When such a run last happened.</summary>
    public DateTimeOffset? LastFailedAt { get; init; }
    /// <summary>When a channel of theirs last accepted a digest.</summary>
    public DateTimeOffset? LastReachedAt { get; init; }
    /// <summary>The stored version (optimistic concurrency); null for a state not read from the store.</summary>
    public string? Version { get; init; }
}
