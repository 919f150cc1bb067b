using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReviewCadence.Catalog;
using ReviewCadence.Diagnostics;
using ReviewCadence.Storage;

namespace ReviewCadence.Cli;

/// <summary>
/// Builds Core's services for one command: the catalog and store from the command line, the clock
/// from <c>--now</c>. Logs go to stderr (warnings only) so stdout stays clean for tables and JSON.
/// </summary>
internal sealed class CliHost : IAsyncDisposable
{
    /// <summary>
    /// More than this allocated on the main thread while loading the catalog: it was parsed from YAML, at ~60 bytes per
    /// byte of YAML (~3,000 sources and up; a kept copy, <c>CatalogCache</c>, allocates a tenth of that).
    /// </summary>
    private const long LargeCatalogParseBytes = 32L << 20;

    private readonly ServiceProvider _services;

    private readonly ReviewCatalog? _catalog;

    private readonly Task _warmUp;

    private CliHost(ServiceProvider services, ReviewCatalog? catalog, Task warmUp)
    {
        _services = services;
        _catalog = catalog;
        _warmUp = warmUp;
    }

    /// <summary>The catalog, validated before the store was touched; the one the command works on.</summary>
    public ReviewCatalog Catalog => _catalog ?? throw new InvalidOperationException("this command started without its catalog");

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <param name="loadCatalog">False for a command that needs only the store (<c>unlock</c>): a broken catalog must not keep it from running.</param>
    /// <param name="warmUp">
    /// Start-up work with no effect outside the process (<see cref="CheckWarmUp"/>), run on another core while the
    /// catalog is read; it must swallow its own failures.
    /// </param>
    public static async Task<CliHost> StartAsync(string catalogPath, string? store, DateTimeOffset? now, TextWriter stderr, CancellationToken cancellationToken,
        bool loadCatalog = true, Func<IServiceProvider, Task>? warmUp = null)
    {
        CheckTimings.End(CheckStep.CommandLine);
        var building = CheckTimings.Measure(CheckStep.Host);
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(Settings(catalogPath, store))
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddProvider(new StderrLoggerProvider(stderr)));
        if (now is { } fixedNow)
        {
            services.AddSingleton<TimeProvider>(new FixedTimeProvider(fixedNow));
        }
        services.AddReviewCadence(configuration);

        var provider = services.BuildServiceProvider();
        building.Dispose();
        var warming = warmUp?.Invoke(provider) ?? Task.CompletedTask;
        try
        {
            // Validate the catalog before the store is touched: a bad catalog must change nothing.
            ReviewCatalog? catalog = null;
            using (CheckTimings.Measure(CheckStep.CatalogLoad))
            {
                if (loadCatalog)
                {
                    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                    catalog = provider.GetRequiredService<CatalogProvider>().Get();
                    if (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore > LargeCatalogParseBytes)
                    {
                        // The YAML's node tree is garbage now, but the heap the GC grew for it would stay committed for
                        // the whole check: given back, a cold check of 10,000 sources peaked at ~220 MB instead of ~255 MB
                        // (Server GC then), for ~0.07 s.
                        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    }
                }
            }
            using (CheckTimings.Measure(CheckStep.StoreOpen))
            {
                await provider.GetRequiredService<IReviewStore>().InitializeAsync(cancellationToken);
            }
            return new CliHost(provider, catalog, warming);
        }
        catch
        {
            await warming;
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The configuration a command line sets for every host it starts (commands and <c>serve</c>): the
    /// catalog, and the store from <c>--store</c>, else <c>REVIEWCADENCE_STORE</c>, else the default.
    /// </summary>
    public static Dictionary<string, string?> Settings(string catalogPath, string? store)
    {
        // The catalog parsed once is kept (beside a SQLite store, else in the user's cache folder): each command is a new process (CatalogCache).
        var settings = new Dictionary<string, string?> { ["ReviewCadence:CatalogPath"] = catalogPath, ["ReviewCadence:CatalogCache"] = "true" };
        var storeSpec = store ?? Environment.GetEnvironmentVariable("REVIEWCADENCE_STORE");
        if (!string.IsNullOrWhiteSpace(storeSpec))
        {
            settings["ReviewCadence:Store"] = storeSpec;
        }
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        await _warmUp;
        await _services.DisposeAsync();
    }
}

/// <summary>The clock for <c>--now</c>: fixed at the given instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

internal sealed class StderrLoggerProvider(TextWriter stderr) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new StderrLogger(stderr);
    public void Dispose() { }

    private sealed class StderrLogger(TextWriter stderr) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (stderr)
                {
                    stderr.WriteLine($"{logLevel.ToString().ToLowerInvariant()}: {formatter(state, exception)}");
                }
            }
        }
    }
}
