
namespace ReviewCadence.Storage;

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
