using ReviewCadence.Reminders;

namespace ReviewCadence.Notifications;

/// <summary>What a channel needs besides the digest and its catalog entry.</summary>
/// <param name="Label">The channel's safe label, such as <c>teams#1</c>.</param>
/// <param name="Content">The digest's words, shared by all channels.</param>
/// <param name="AllowPrivateNetworks">The catalog's <c>settings.allowPrivateNetworks</c>: whether a webhook may point at loopback or private addresses.</param>
/// <param name="Timeout">How long one delivery may take.</param>
/// <param name="DeliveryId">The digest's <see cref="ReminderDigest.DeliveryId"/>, sent in <see cref="ReminderDigest.DeliveryHeader"/> by every channel.</param>
internal sealed record NotificationContext(string Label, ReminderContent Content, bool AllowPrivateNetworks, TimeSpan Timeout, string DeliveryId);
