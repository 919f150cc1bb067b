using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewCadence.Checking.Rendering;
using ReviewCadence.Networking;

namespace ReviewCadence.Checking.Fetching;

internal static class FetchingServiceCollectionExtensions
{
    /// <summary>The client for sources that must resolve to public addresses (the default).</summary>
    public const string GuardedClientName = "ReviewCadence.PageFetch";
    /// <summary>The client for catalogs with <c>allowPrivateNetworks: true</c>.</summary>
    public const string PrivateNetworksClientName = "ReviewCadence.PageFetch.PrivateNetworks";

    /// <summary>
    /// Registers <see cref="IPageFetcher"/> (a singleton <see cref="HttpPageFetcher"/> behind the
    /// <see cref="BrowserPageFetcher"/> that renders <c>render: browser</c> sources, sharing one set of host gates),
    /// its two named HTTP clients and <see cref="FetchingOptions"/> (bind or configure them as usual).
    /// </summary>
    public static IServiceCollection AddPageFetching(this IServiceCollection services, Action<FetchingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<FetchingOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FetchingOptions>, FetchingOptionsValidator>());
        if (configure is not null)
            options.Configure(configure);
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FetchPolicies>();
        services.TryAddSingleton<HostGates>();
        services.TryAddSingleton(provider => new ChromiumBrowsers(
            provider.GetRequiredService<ILogger<ChromiumBrowsers>>(), provider.GetService<IConfiguration>()));
        services.TryAddSingleton<IPageFetcher>(provider => new BrowserPageFetcher(
            new HttpPageFetcher(
                provider.GetRequiredService<IHttpClientFactory>(),
                provider.GetRequiredService<IOptions<FetchingOptions>>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<HttpPageFetcher>>(),
                provider.GetRequiredService<HostGates>()),
            provider.GetRequiredService<ChromiumBrowsers>,
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<HostGates>(),
            provider.GetRequiredService<ILogger<BrowserPageFetcher>>()));
        AddClient(services, GuardedClientName, allowPrivateNetworks: false);
        AddClient(services, PrivateNetworksClientName, allowPrivateNetworks: true);
        return services;
    }

    // No IHttpClientFactory request logging: a check sends thousands of requests, HttpPageFetcher logs what matters
    // (failures) itself, and the default handlers' scopes and messages cost CPU on every request even when filtered out.
    private static void AddClient(IServiceCollection services, string name, bool allowPrivateNetworks) =>
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan) // per-attempt timeouts are the policies'
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => NetworkGuard.CreateHandler(allowPrivateNetworks))
            .AddPolicyHandler((provider, request) => provider.GetRequiredService<FetchPolicies>().For(request))
            .AddHttpMessageHandler(() => new FetchAttemptHandler());
}
