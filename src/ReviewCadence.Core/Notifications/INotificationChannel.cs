using ReviewCadence.Catalog;
using ReviewCadence.Reminders;

namespace ReviewCadence.Notifications;

/// <summary>
/// One kind of <c>notify[]</c> entry (teams, slack, email, webhook): lays a digest out in its format
/// and delivers it. Returns only when the far end accepted the digest; otherwise throws
/// <see cref="NotificationFailedException"/> with a message safe to show (never a URL or secret).
/// </summary>
public interface INotificationChannel
{
    /// <summary>The catalog's <c>type</c> value this channel handles.</summary>
    string Type { get; }

    Task SendAsync(ReminderDigest digest, ChannelDefinition channel, NotificationContext context, CancellationToken cancellationToken);
}

/// <summary>What a channel needs besides the digest and its catalog entry.</summary>
/// <param name="Label">The channel's safe label, such as <c>teams#1</c>.</param>
/// <param name="Content">The digest's words, shared by all channels.</param>
/// <param name="AllowPrivateNetworks">The catalog's <c>settings.allowPrivateNetworks</c>: whether a webhook may point at loopback or private addresses.</param>
/// <param name="Timeout">How long one delivery may take.</param>
public sealed record NotificationContext(string Label, ReminderContent Content, bool AllowPrivateNetworks, TimeSpan Timeout);

/// <summary>A delivery that was not accepted. The message is safe for users and logs: it never holds a URL or secret.</summary>
public class NotificationFailedException(string message) : Exception(message);

/// <summary>A <c>${NAME}</c> reference whose setting is absent from configuration.</summary>
public sealed class MissingSettingException(string name) : NotificationFailedException($"setting {name} is not configured")
{
    public string SettingName { get; } = name;
}
