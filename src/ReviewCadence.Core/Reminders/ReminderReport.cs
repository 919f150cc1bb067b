using System.Text.Json.Serialization;

namespace ReviewCadence.Reminders;

/// <summary>
/// What a reminder run did, as <c>remind --json</c> and <c>POST /api/reminders</c> print it:
/// <c>{"sent": [...], "failed": [...], "dryRun": bool}</c>. In a dry run, <c>sent</c> lists what would be sent.
/// </summary>
public sealed record ReminderReport(IReadOnlyList<ReminderSent> Sent, IReadOnlyList<ReminderFailure> Failed, bool DryRun)
{
    /// <summary>Exit code 2 of <c>remind</c>: some delivery failed.</summary>
    [JsonIgnore]
    public bool HasFailures => Failed.Count > 0;
}

/// <summary>
/// A digest a channel accepted. <c>owner</c> is the recipient whose channel it is; <c>channel</c> its safe label;
/// <c>deliveryId</c> the digest's <see cref="ReminderDigest.DeliveryId"/>, what the receiver saw in
/// <c>X-ReviewCadence-Delivery</c> (in a dry run: what it would see).
/// </summary>
public sealed record ReminderSent(string Owner, string Channel, bool Escalation, IReadOnlyList<string> Runbooks, string DeliveryId);

/// <summary>A digest a channel did not accept; it is sent again next run. The error never holds a URL or secret.</summary>
public sealed record ReminderFailure(string Owner, string Channel, string Error);
