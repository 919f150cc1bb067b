using Microsoft.Extensions.Logging;
using ReviewCadence.Catalog;
using ReviewCadence.Reminders;

namespace ReviewCadence.Notifications;

/// <summary>
/// Delivers a reminder run's digests (<see cref="IReminderChannels"/>) on the registered channel of each entry's type,
/// turning a channel's failure into a reason safe to show: a <see cref="NotificationFailedException"/>'s own message,
/// and only the type of anything unforeseen (whose message may quote a URL or a secret).
/// </summary>
internal sealed class NotificationSender(
    NotificationChannelRegistry channels,
    SettingResolver settings,
    Microsoft.Extensions.Options.IOptions<SmtpOptions> smtp,
    ILogger<NotificationSender> logger) : IReminderChannels
{
    public string? Preflight(ChannelDefinition channel)
    {
        foreach (var value in channel.Settings.Values)
        {
            try
            {
                _ = settings.Resolve(value);
            }
            catch (MissingSettingException ex)
            {
                return ex.Message;
            }
        }
        if (channel.Type == EmailChannel.TypeName)
        {
            return smtp.Value.ConfigurationProblem();
        }
        return null;
    }

    public async Task<string?> TrySendAsync(
        ReminderDigest digest, ChannelDefinition channel, string label, ReminderContent content, CatalogSettings settings, CancellationToken cancellationToken)
    {
        var context = new NotificationContext(label, content, settings.AllowPrivateNetworks, TimeSpan.FromSeconds(settings.TimeoutSeconds), digest.DeliveryId);
        try
        {
            await channels.Get(channel.Type).SendAsync(digest, channel, context, cancellationToken);
            logger.LogInformation("Sent {Kind} for {Owner} on {Recipient}'s {Channel}: {Runbooks}",
                digest.Escalation ? "an escalation" : "a reminder", digest.OwnerId, digest.RecipientId, context.Label, string.Join(", ", digest.RunbookIds));
            return null;
        }
        catch (NotificationFailedException ex)
        {
            logger.LogWarning("Reminder for {Owner} on {Recipient}'s {Channel} failed: {Error}", digest.OwnerId, digest.RecipientId, context.Label, ex.Message);
            return ex.Message;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // An unforeseen exception's message may quote a URL or a secret: only its type is passed on.
            logger.LogError("Reminder for {Owner} on {Recipient}'s {Channel} failed with {ExceptionType}",
                digest.OwnerId, digest.RecipientId, context.Label, ex.GetType().FullName);
            return $"failed unexpectedly ({ex.GetType().Name})";
        }
    }
}
