using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ReviewCadence.Networking;
using ReviewCadence.Reminders;

namespace ReviewCadence.Notifications;

internal static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the notification channels (teams, slack, email, webhook) and their registry, the
    /// <see cref="IReminderChannels"/> reminders deliver through (<see cref="NotificationSender"/>),
    /// <see cref="SmtpOptions"/> (section <c>ReviewCadence:Smtp</c>), and the notification HttpClients.
    /// Needs an <see cref="Microsoft.Extensions.Configuration.IConfiguration"/> registered by the host.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<SmtpOptions>()
            .BindConfiguration(SmtpOptions.SectionName)
            .Validate(SmtpOptions.IsValid, $"{SmtpOptions.SectionName}:Port must be between 1 and 65535")
            .ValidateOnStart();

        // Request logging is removed: HttpClient's default logs print request URIs, and a webhook's
        // URI is its secret.
        services.AddHttpClient(NotificationHttp.PublicNetworksClient)
            .ConfigurePrimaryHttpMessageHandler(() => NetworkGuard.CreateHandler(allowPrivateNetworks: false))
            .RemoveAllLoggers();
        services.AddHttpClient(NotificationHttp.PrivateNetworksClient)
            .ConfigurePrimaryHttpMessageHandler(() => NetworkGuard.CreateHandler(allowPrivateNetworks: true))
            .RemoveAllLoggers();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SettingResolver>();
        services.TryAddSingleton<NotificationHttp>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, TeamsChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, SlackChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, EmailChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, WebhookChannel>());
        services.TryAddSingleton<NotificationChannelRegistry>();
        services.TryAddSingleton<IReminderChannels, NotificationSender>();
        return services;
    }
}
