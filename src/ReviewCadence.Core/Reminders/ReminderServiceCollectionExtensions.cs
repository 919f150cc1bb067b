using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ReviewCadence.Runbooks;

using ReviewCadence.Storage;

namespace ReviewCadence.Reminders;

internal static class ReminderServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ReminderRunner"/> and <see cref="ReminderOptions"/> (section <c>ReviewCadence</c>).
    /// The runner delivers through an <see cref="IReminderChannels"/>, which Notifications registers
    /// (<c>AddReminders</c> registers both). Needs an <see cref="Microsoft.Extensions.Configuration.IConfiguration"/>
    /// and an <see cref="Storage.IReviewStore"/> registered by the host.
    /// </summary>
    public static IServiceCollection AddReminderRuns(this IServiceCollection services)
    {
        services.AddRunLeases();
        services.AddOptions<ReminderOptions>()
            .BindConfiguration(ReminderOptions.SectionName)
            .Validate(ReminderOptions.IsValid, $"{ReminderOptions.SectionName}:PublicBaseUrl must be an absolute http(s) URL")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RunbookStatusService>();
        services.TryAddSingleton(InternalActivator.Create<ReminderRunner>);
        return services;
    }
}
