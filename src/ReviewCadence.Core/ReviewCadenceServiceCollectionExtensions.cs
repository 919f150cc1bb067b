using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReviewCadence.Api;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Checking.Batching;
using ReviewCadence.Checking.Fetching;
using ReviewCadence.Extraction;
using ReviewCadence.Notifications;
using ReviewCadence.Reminders;
using ReviewCadence.Runbooks;
using ReviewCadence.Scheduling;
using ReviewCadence.Sources;
using ReviewCadence.Storage;

namespace ReviewCadence;

/// <summary>Wires Core for any host (Functions app, <c>serve</c>, CLI).</summary>
public static class ReviewCadenceServiceCollectionExtensions
{
    /// <summary>Registers Core's services for a host: options bound from the <c>ReviewCadence</c> section of <paramref name="configuration"/>, the store it names, the check and reminder runs, the API, the scheduled runs, and a hosted service that initialises the store.</summary>
    public static IServiceCollection AddReviewCadence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReviewCadenceOptions>().Bind(configuration.GetSection(ReviewCadenceOptions.SectionName));
        services.AddOptions<CheckOptions>().Bind(configuration.GetSection($"{ReviewCadenceOptions.SectionName}:Check"));
        services.AddOptions<FetchingOptions>().Bind(configuration.GetSection($"{ReviewCadenceOptions.SectionName}:Fetching"));
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddRunLeases();
        services.TryAddSingleton(sp => ReviewStoreFactory.Open(sp.GetRequiredService<IOptions<ReviewCadenceOptions>>().Value.Store));
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ReviewCadenceOptions>>();
            return new CatalogProvider(options, CatalogCacheFor(options.Value));
        });
        services.AddPageFetching();
        services.AddContentExtraction();
        services.AddSingleton<SourceChecker>();
        services.AddSingleton<CheckApplier>();
        services.AddSingleton<CheckReportBuilder>();
        services.AddSingleton(InternalActivator.Create<CheckRunner>);
        services.TryAddSingleton<ICheckBatchQueue>(_ => new StorageCheckBatchQueue(configuration));
        services.AddSingleton<CheckFanOut>();
        services.AddSingleton(InternalActivator.Create<BatchCheckRunner>);
        services.AddSingleton<CheckRunResults>();
        services.AddSingleton<RunbookStatusService>();
        services.AddSingleton<ICitingRunbooks, CitingRunbooks>();
        services.AddSingleton<ReviewRecorder>();
        services.AddSingleton<SourceOverviewService>();
        services.AddSingleton(InternalActivator.Create<SourceHistoryService>);
        services.AddReminders();
        services.AddSingleton(InternalActivator.Create<ReviewCadenceApi>);
        services.AddSingleton(InternalActivator.Create<ScheduledRuns>);
        services.AddHostedService<StoreInitializer>();
        return services;
    }

    /// <summary>
    /// The parsed catalog's copy when the host keeps one: beside a SQLite store (<c>STORE.catalog-cache</c>); for a Table
    /// store, which has no folder of its own, in the user's cache folder.
    /// </summary>
    private static CatalogCache? CatalogCacheFor(ReviewCadenceOptions options) =>
        !options.CatalogCache ? null
        : ReviewStoreFactory.SqliteFilePath(options.Store) is { } database ? new CatalogCache(database + ".catalog-cache")
        : CatalogCache.InUserCacheFolder(options.CatalogPath);

    /// <summary>
    /// Registers reminder runs (<see cref="ReminderRunner"/>, <see cref="ReminderOptions"/>) and the notification channels
    /// that deliver them (SMTP options, notification HttpClients). Needs an
    /// <see cref="IConfiguration"/> and an <see cref="IReviewStore"/> registered by the host.
    /// </summary>
    public static IServiceCollection AddReminders(this IServiceCollection services) =>
        services.AddReminderRuns().AddNotifications();
}

/// <summary>Creates the store's tables when a host starts (the CLI calls <see cref="IReviewStore.InitializeAsync"/> itself).</summary>
internal sealed class StoreInitializer(IReviewStore store) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
