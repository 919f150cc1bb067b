
namespace ReviewCadence.Storage;

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
