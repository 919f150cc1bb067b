using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReviewCadence.Reminders;

/// <summary>What one recipient is told in one reminder run: a list of outstanding runbooks.</summary>
internal sealed record ReminderDigest
{
    /// <summary>The owner whose channels receive the digest (the escalation owner, for an escalation).</summary>
    public required string RecipientId { get; init; }
    /// <summary>The follow-up owner of the runbooks listed.</summary>
    public required string OwnerId { get; init; }
    /// <summary>True when the digest goes to <see cref="RecipientId"/> because <see cref="OwnerId"/> has been reminded often enough.</summary>
    public bool Escalation { get; init; }
    /// <summary>
    /// On an escalation: it is sent because the owner could not be reached (none of their channels accepted their
    /// digest in <see cref="UnreachableRuns"/> reminder runs in a row, or they have no channels).
    /// </summary>
    public bool OwnerUnreachable { get; init; }
    /// <summary>With <see cref="OwnerUnreachable"/>: the reminder runs in a row, this one included, that reached none of the owner's channels.</summary>
    public int UnreachableRuns { get; init; }
    /// <summary>With <see cref="OwnerUnreachable"/>: why each of the owner's channels failed in this run ("teams#1: …"), safe to show.</summary>
    public IReadOnlyList<string> UnreachableReasons { get; init; } = [];
    public required DateTimeOffset SentAt { get; init; }
    public required IReadOnlyList<ReminderItem> Items { get; init; }

    public IReadOnlyList<string> RunbookIds => Items.Select(i => i.Runbook.Id).ToList();

    /// <summary>The header every HTTP channel's request carries the <see cref="DeliveryId"/> in (and the e-mail too).</summary>
    public const string DeliveryHeader = "X-ReviewCadence-Delivery";

    /// <summary>
    /// Names this digest for receivers to de-duplicate on: <c>rcd_</c> and 32 hex digits. The same for every retry
    /// of it (a run killed mid-delivery, or one whose channels all failed, saved no reminder state, so the next run
    /// plans the same runbooks in the same states with the same reminder numbers), different once anything in it
    /// moves on (another runbook, a new outstanding state, the next reminder of the same one). Built from the
    /// recipient, the owner, the escalation flag and each item's runbook, outstanding state and reminder number;
    /// never from the time (<see cref="SentAt"/>, days overdue) or the wording, which differ between retries.
    /// </summary>
    public string DeliveryId
    {
        get
        {
            // An unreachable owner's escalation is news each run (one more run failed): its count is part of it.
            var kind = OwnerUnreachable ? $"unreachable|{UnreachableRuns.ToString(CultureInfo.InvariantCulture)}" : Escalation ? "escalation" : "reminder";
            var canonical = string.Join('\n', new[] { RecipientId, OwnerId, kind }
                .Concat(Items
                    .Select(i => $"{i.Runbook.Id}|{i.StateKey}|{i.ReminderNumber.ToString(CultureInfo.InvariantCulture)}")
                    .Order(StringComparer.Ordinal)));
            return "rcd_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..32];
        }
    }
}
