
namespace ReviewCadence.Storage;

/// <summary>The audit trail of one digest sent (or attempted) on one channel.</summary>
public sealed record DeliveryRecord
{
    /// <summary>The delivery's unique id.</summary>
    public required string Id { get; init; }
    /// <summary>The owner the digest was for.</summary>
    public required string OwnerId { get; init; }
    /// <summary>A safe channel label (type and index), never the URL.</summary>
    public required string Channel { get; init; }
    /// <summary>True when the digest went to the escalation owner.</summary>
    public bool Escalation { get; init; }
    /// <summary>The runbooks the digest named.</summary>
    public required IReadOnlyList<string> RunbookIds { get; init; }
    /// <summary>When it was sent (or attempted).</summary>
    public required DateTimeOffset SentAt { get; init; }
    /// <summary>True when the channel accepted it.</summary>
    public required bool Succeeded { get; init; }
    /// <summary>Why it failed, with secrets left out; null when it succeeded.</summary>
    public string? Error { get; init; }
}
