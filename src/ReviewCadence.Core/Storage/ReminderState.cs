
namespace ReviewCadence.Storage;

/// <summary>How often an owner has been reminded of one runbook's current outstanding state.</summary>
public sealed record ReminderState
{
    /// <summary>The owner reminded.</summary>
    public required string OwnerId { get; init; }
    /// <summary>The runbook reminded of.</summary>
    public required string RunbookId { get; init; }
    /// <summary>Identifies the outstanding state (status and since when); a new state restarts the count.</summary>
    public required string StateKey { get; init; }
    /// <summary>How many reminders were sent for this state.</summary>
    public int Count { get; init; }
    /// <summary>When the first reminder for this state was sent.</summary>
    public DateTimeOffset? FirstSentAt { get; init; }
    /// <summary>When the latest reminder for this state was sent (the repeat interval counts from here).</summary>
    public DateTimeOffset? LastSentAt { get; init; }
    /// <summary>Store concurrency token; null for a state not read from the store.</summary>
    public string? Version { get; init; }
}
