using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ReviewCadence.Catalog;
using ReviewCadence.Cli.Serve;

namespace ReviewCadence.Cli.Commands;

/// <summary><c>reviewcadence serve</c>: the HTTP API, dashboard and timers, self-hosted on Kestrel.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var catalog = CliOptions.Catalog();
        var store = CliOptions.Store();
        var urls = new Option<string>("--urls")
        {
            Description = $"Where to listen; without {ServeApp.KeyVariable} only loopback addresses are allowed",
            DefaultValueFactory = _ => "http://127.0.0.1:7071",
        };
        var command = new Command("serve", "Serve the HTTP API and dashboard, and run the check and reminder schedules") { catalog, store, urls };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async (stdout, stderr) =>
        {
            var settings = new ServeApp.ServeSettings(
                parse.GetValue(catalog)!,
                parse.GetValue(store),
                parse.GetValue(urls)!,
                Environment.GetEnvironmentVariable(ServeApp.KeyVariable));
            WebApplication app;
            try
            {
                app = ServeApp.Build(settings);
            }
            catch (ArgumentException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.CannotRun;
            }
            await using (app)
            {
                // A broken catalog fails here, before anything listens.
                app.Services.GetRequiredService<CatalogProvider>().Get();
                await app.StartAsync(ct);
                await stdout.WriteLineAsync($"Serving on {settings.Urls} (Ctrl+C to stop)");
                await app.WaitForShutdownAsync(ct);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
