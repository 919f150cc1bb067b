using ReviewCadence.Catalog;

namespace ReviewCadence.Reminders;

/// <summary>
/// The channels a reminder run delivers on, by the <c>notify</c> entry's type. Reminders plans and words the digests;
/// delivering them is Notifications' (above Reminders), which implements this (<c>Notifications.NotificationSender</c>).
/// </summary>
internal interface IReminderChannels
{
    /// <summary>
    /// What would make a delivery on this entry fail before anything is sent (a dry run reports it): an unset
    /// <c>${NAME}</c>, an e-mail channel without an SMTP host. Null when nothing is known to be wrong.
    /// </summary>
    /// <param name="channel">The <c>notify</c> entry.</param>
    string? Preflight(ChannelDefinition channel);

    /// <summary>Sends a digest on one <c>notify</c> entry of its recipient; throws only when cancelled.</summary>
    /// <param name="digest">The digest: its recipient, runbooks and whether it escalates.</param>
    /// <param name="channel">The <c>notify</c> entry to send on.</param>
    /// <param name="label">The entry's safe label, such as <c>teams#1</c>.</param>
    /// <param name="content">The digest's words, shared by all channels.</param>
    /// <param name="settings">The catalog's settings: whether a webhook may point at private addresses, how long a delivery may take.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>Null when the far end accepted the digest, else a reason safe to show (never a URL or a secret).</returns>
    Task<string?> TrySendAsync(ReminderDigest digest, ChannelDefinition channel, string label, ReminderContent content, CatalogSettings settings, CancellationToken cancellationToken);
}
