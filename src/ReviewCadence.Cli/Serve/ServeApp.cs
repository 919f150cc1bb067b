using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReviewCadence.Api;
using ReviewCadence.Checking.Batching;
using ReviewCadence.Scheduling;

namespace ReviewCadence.Cli.Serve;

/// <summary>
/// <c>reviewcadence serve</c>: the Functions app's HTTP API and timers on Kestrel, for self-hosting.
/// Same routes and bodies (from <see cref="ReviewCadenceApi"/>), the same key header, the same schedules.
/// </summary>
public static class ServeApp
{
    public const string KeyHeader = "x-functions-key";
    public const string KeyVariable = "REVIEWCADENCE_API_KEY";
    /// <summary>Extra names (';'-separated) a request's Host may carry, beside those in <c>--urls</c>, localhost and IP literals.</summary>
    public const string AllowedHostsSetting = "ReviewCadence__AllowedHosts";

    public sealed record ServeSettings(string CatalogPath, string? Store, string Urls, string? ApiKey);

    public static WebApplication Build(ServeSettings settings, Action<IServiceCollection>? configure = null)
    {
        // Resolved here, not by Kestrel from URL strings: a URL Kestrel cannot read as an IP makes it listen everywhere.
        var endpoints = ServeBindings.Parse(settings.Urls, keyed: !string.IsNullOrEmpty(settings.ApiKey));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => ServeBindings.Listen(kestrel, endpoints));
        builder.Configuration.AddInMemoryCollection(CliHost.Settings(settings.CatalogPath, settings.Store));
        builder.Logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Large checks (more sources than ReviewCadence:Check:QueueBatchSize) fan out in the background, in process.
        builder.Services.AddSingleton<InProcessCheckBatchQueue>();
        builder.Services.AddSingleton<ICheckBatchQueue>(sp => sp.GetRequiredService<InProcessCheckBatchQueue>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<InProcessCheckBatchQueue>());
        builder.Services.AddReviewCadence(builder.Configuration);
        builder.Services.AddSingleton<JobScheduler>();
        // Parsed now, so a bad schedule stops serve at start with the setting's name.
        var checkSchedule = ScheduledJob.Parse("CheckSchedule", builder.Configuration["CheckSchedule"] ?? ScheduledJob.DefaultCheckSchedule);
        var reminderSchedule = ScheduledJob.Parse("ReminderSchedule", builder.Configuration["ReminderSchedule"] ?? ScheduledJob.DefaultReminderSchedule);
        builder.Services.AddHostedService(sp =>
        {
            var runs = sp.GetRequiredService<ScheduledRuns>();
            return new ScheduledJobsService(sp.GetRequiredService<JobScheduler>(),
            [
                new ScheduledJob("CheckSources", checkSchedule, runs.CheckAsync),
                new ScheduledJob("SendReminders", reminderSchedule, runs.RemindAsync),
            ]);
        });
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.Use(RequireKey(settings.ApiKey));
        app.Use(GuardRequests(ServeBindings.AllowedHosts(endpoints, app.Configuration["ReviewCadence:AllowedHosts"])));
        MapRoutes(app);
        return app;
    }

    /// <summary>Host, origin, body type and size rules of <see cref="RequestGuard"/>, for every request the key let through (and every request of a keyless serve).</summary>
    private static Func<HttpContext, RequestDelegate, Task> GuardRequests(HostAllowList allowedHosts) => async (context, next) =>
    {
        if (await HttpRequestGuard.AdmitAsync(context, allowedHosts))
        {
            await next(context);
        }
    };

    /// <summary>Every route but health and the dashboard page needs the key, like AuthorizationLevel.Function.</summary>
    private static Func<HttpContext, RequestDelegate, Task> RequireKey(string? apiKey) => async (context, next) =>
    {
        var path = context.Request.Path.Value ?? "";
        var anonymous = path is "/" or "/api/health" or "/api/dashboard";
        if (anonymous || string.IsNullOrEmpty(apiKey) || KeysMatch(context.Request.Headers[KeyHeader], apiKey))
        {
            await next(context);
            return;
        }
        await Write(context, ApiResponse.Problem(401, "Unauthorized", $"send the API key in the {KeyHeader} header"));
    };

    private static bool KeysMatch(string? given, string expected) =>
        given is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(expected));

    private static void MapRoutes(WebApplication app)
    {
        app.MapPost("/api/checks", (HttpContext c, ReviewCadenceApi api) =>
            Send(c, api.StartCheckAsync(c.Request.Query["source"].OfType<string>().ToList(), c.Request.Query["runbook"].OfType<string>().ToList(), c.RequestAborted)));
        app.MapGet("/api/checks/{runId}", (HttpContext c, string runId, ReviewCadenceApi api) => Send(c, api.GetCheckAsync(runId, c.RequestAborted)));
        app.MapGet("/api/runbooks", (HttpContext c, ReviewCadenceApi api) => Send(c, api.GetRunbooksAsync(c.RequestAborted)));
        app.MapGet("/api/runbooks/{id}", (HttpContext c, string id, ReviewCadenceApi api) => Send(c, api.GetRunbookAsync(id, c.RequestAborted)));
        app.MapPost("/api/runbooks/{id}/reviews", (HttpContext c, string id, ReviewCadenceApi api) => Send(c, api.RecordReviewAsync(id, c.Request.Body, c.RequestAborted)));
        app.MapPost("/api/reminders", (HttpContext c, ReviewCadenceApi api) => Send(c, api.RemindAsync(c.Request.Query["dryRun"], c.RequestAborted)));
        app.MapGet("/api/sources", (HttpContext c, ReviewCadenceApi api) => Send(c, api.GetSourcesAsync(c.RequestAborted)));
        app.MapGet("/api/sources/{id}/diff", (HttpContext c, string id, ReviewCadenceApi api) =>
            Send(c, api.GetSourceDiffAsync(id, c.Request.Query["from"], c.Request.Query["to"], c.RequestAborted)));
        app.MapGet("/api/sources/{id}/history", (HttpContext c, string id, ReviewCadenceApi api) => Send(c, api.GetSourceHistoryAsync(id, c.RequestAborted)));
        app.MapGet("/api/health", (HttpContext c, ReviewCadenceApi api) => Write(c, api.Health()));
        // The dashboard at "/", and at the Functions app's "/api/dashboard" so one URL works on both hosts.
        app.MapGet("/", (HttpContext c, ReviewCadenceApi api) => Write(c, api.DashboardPage()));
        app.MapGet("/api/dashboard", (HttpContext c, ReviewCadenceApi api) => Write(c, api.DashboardPage()));
    }

    private static async Task Send(HttpContext context, Task<ApiResponse> response) => await Write(context, await response);

    private static Task Write(HttpContext context, ApiResponse response) => response.WriteToAsync(context.Response, context.RequestAborted);

    /// <summary>The timers: CheckSources on CheckSchedule and SendReminders on ReminderSchedule, as in the Functions app.</summary>
    private sealed class ScheduledJobsService(JobScheduler scheduler, IReadOnlyList<ScheduledJob> jobs) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => scheduler.RunAsync(jobs, stoppingToken);
    }
}
