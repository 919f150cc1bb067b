using ReviewCadence.Catalog;
using ReviewCadence.Reminders;

namespace ReviewCadence.Notifications;

/// <summary>
/// One kind of <c>notify[]</c> entry (teams, slack, email, webhook): lays a digest out in its format
/// and delivers it. Returns only when the far end accepted the digest; otherwise throws
/// <see cref="NotificationFailedException"/> with a message safe to show (never a URL or secret).
/// </summary>
internal interface INotificationChannel
{
    /// <summary>The catalog's <c>type</c> value this channel handles.</summary>
    string Type { get; }

    Task SendAsync(ReminderDigest digest, ChannelDefinition channel, NotificationContext context, CancellationToken cancellationToken);
}
