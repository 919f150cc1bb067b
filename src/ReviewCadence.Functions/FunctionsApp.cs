using Microsoft.ApplicationInsights.WorkerService;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ReviewCadence.Functions;

/// <summary>
/// The worker's composition, once: <c>Program.cs</c> runs it, and the tests (tests/ReviewCadence.Functions.Tests)
/// build the very same host over their own settings, so what they resolve and call is what Azure runs.
/// </summary>
public static class FunctionsApp
{
    /// <summary>Log category prefix of IHttpClientFactory's per-request logs (start, end, headers) for every client.</summary>
    public const string HttpClientLogCategory = "System.Net.Http.HttpClient";

    /// <summary>Adds the HTTP integration, telemetry, logging rules and Core to a worker's builder.</summary>
    public static FunctionsApplicationBuilder Configure(FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureFunctionsWebApplication();

        // Cross-origin writes, simple-request body types and oversized bodies are refused before any function runs.
        builder.UseMiddleware<RequestGuardMiddleware>();

        // Adaptive sampling as the SDK does it, except that warnings and failures bypass it (TelemetrySampling).
        builder.Services
            .AddApplicationInsightsTelemetryWorkerService(new ApplicationInsightsServiceOptions { EnableAdaptiveSampling = false })
            .ConfigureFunctionsApplicationInsights();
        builder.Services.AddOptions<TelemetrySamplingOptions>().Bind(builder.Configuration.GetSection(TelemetrySamplingOptions.SectionName));
        builder.Services.AddApplicationInsightsTelemetryProcessor<TelemetrySampling>();

        // The Application Insights logger provider comes with a rule that keeps only warnings; drop it so the
        // worker's own "Logging" configuration decides what reaches Application Insights.
        builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
        {
            var applicationInsightsRule = options.Rules.FirstOrDefault(rule =>
                rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
            if (applicationInsightsRule is not null)
            {
                options.Rules.Remove(applicationInsightsRule);
            }
        });
        // Every page fetched and every notification sent would log 4 lines at Information; a failed request still
        // shows as a warning or an error from the fetcher or the channel, and as a dependency in Application Insights.
        builder.Logging.AddFilter(HttpClientLogCategory, LogLevel.Warning);

        // catalog.yaml is deployed beside the app's assemblies, and the host does not promise that the worker's
        // working directory is that folder: anchor a relative catalog path there (an absolute one is kept as is).
        const string CatalogPathKey = "ReviewCadence:CatalogPath";
        builder.Configuration[CatalogPathKey] = Path.Combine(AppContext.BaseDirectory, builder.Configuration[CatalogPathKey] ?? "catalog.yaml");

        builder.Services.AddReviewCadence(builder.Configuration);
        return builder;
    }
}
