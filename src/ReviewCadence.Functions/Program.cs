using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReviewCadence;

var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();

builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

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

// catalog.yaml is deployed beside the app's assemblies, and the host does not promise that the worker's
// working directory is that folder: anchor a relative catalog path there (an absolute one is kept as is).
const string CatalogPathKey = "ReviewCadence:CatalogPath";
builder.Configuration[CatalogPathKey] = Path.Combine(AppContext.BaseDirectory, builder.Configuration[CatalogPathKey] ?? "catalog.yaml");

builder.Services.AddReviewCadence(builder.Configuration);

builder.Build().Run();
