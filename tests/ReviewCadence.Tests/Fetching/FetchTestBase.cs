using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Checking.Fetching;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.Fetching;

/// <summary>A fresh <see cref="TestSite"/> per test and fetchers built the way the app builds them (with fast backoff).</summary>
public abstract class FetchTestBase : IAsyncLifetime
{
    /// <summary>Loopback is private, so every test but the guard's allows private networks.</summary>
    protected static readonly CatalogSettings Loopback = new() { AllowPrivateNetworks = true, TimeoutSeconds = 5, Retries = 3 };

    private readonly List<ServiceProvider> _providers = [];
    private IPageFetcher? _fetcher;

    protected TestSite Site { get; private set; } = null!;

    /// <summary>A safety net: no fetch test should come near it.</summary>
    protected CancellationToken Timeout { get; } = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private protected IPageFetcher Fetcher => _fetcher ??= NewFetcher();

    /// <summary>A fetcher of its own (own gates and breakers), with test-speed retry delays unless configured otherwise.</summary>
    private protected IPageFetcher NewFetcher(Action<FetchingOptions>? configure = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }
        var provider = services
            .AddPageFetching(options =>
            {
                options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
                options.MaxRetryDelay = TimeSpan.FromSeconds(5);
                configure?.Invoke(options);
            })
            .BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<IPageFetcher>();
    }

    private protected Task<FetchResult> FetchAsync(string path, CatalogSettings? settings = null, string? etag = null, string? lastModified = null) =>
        Fetcher.FetchAsync(new FetchRequest(Site.Url(path), settings ?? Loopback, etag, lastModified), Timeout);

    public async Task InitializeAsync() => Site = await TestSite.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
            await provider.DisposeAsync();
        await Site.DisposeAsync();
    }
}
