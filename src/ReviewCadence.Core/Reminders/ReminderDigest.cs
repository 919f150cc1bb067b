
namespace ReviewCadence.Reminders;

/// <summary>What one recipient is told in one reminder run: a list of outstanding runbooks.</summary>
public sealed record ReminderDigest
{
    /// <summary>The owner whose channels receive the digest (the escalation owner, for an escalation).</summary>
    public required string RecipientId { get; init; }
    /// <summary>The follow-up owner of the runbooks listed.</summary>
    public required string OwnerId { get; init; }
    /// <summary>True when the digest goes to <see cref="RecipientId"/> because <see cref="OwnerId"/> has been reminded often enough.</summary>
    public bool Escalation { get; init; }
    public required DateTimeOffset SentAt { get; init; }
    public required IReadOnlyList<ReminderItem> Items { get; init; }

    public IReadOnlyList<string> RunbookIds => Items.Select(i => i.Runbook.Id).ToList();

    /// <summary>
    /// Names this digest for receivers to de-duplicate on: the same for every retry of it (a run killed mid-delivery,
    /// or a channel that failed, sends it again next run with the same id), different once anything in it moves on
    /// (another runbook, a new outstanding state, the next reminder of the same one). Built from the recipient, the
    /// owner, the escalation flag and each item's runbook, outstanding state and reminder number; not from the time.
    /// </summary>
    public string DeliveryId
    {
        get
        {
            var canonical = string.Join('\n', new[] { RecipientId, OwnerId, Escalation ? "escalation" : "reminder" }
                .Concat(Items
                    .Select(i => $"{i.Runbook.Id}|{i.StateKey}|{i.ReminderNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)}")
                    .Order(StringComparer.Ordinal)));
            var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical));
            return "rcd_" + Convert.ToHexStringLower(hash)[..32];
        }
    }
}
