using System.CommandLine;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Cli.Output;
using ReviewCadence.Diagnostics;
using Spectre.Console;

namespace ReviewCadence.Cli.Commands;

/// <summary><c>reviewcadence check</c>: re-check sources now and flag the runbooks citing changed ones.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var catalog = CliOptions.Catalog();
        var store = CliOptions.Store();
        var json = CliOptions.Json();
        var format = OutputFormats.Option();
        var now = CliOptions.Now();
        var source = new Option<string[]>("--source") { Description = "Check only this source (repeatable)" };
        var runbook = new Option<string[]>("--runbook") { Description = "Check only this runbook's sources (repeatable)" };
        var all = new Option<bool>("--all") { Description = "List every source and runbook, not only those that need attention" };
        var command = new Command("check", "Re-check the sources and flag runbooks whose sources changed, moved or broke")
        {
            catalog, store, source, runbook, all, format, json, now,
        };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async (stdout, stderr) =>
        {
            var output = OutputFormats.Resolve(parse, format, json);
            await using var host = await CliHost.StartAsync(parse.GetValue(catalog)!, parse.GetValue(store), parse.GetValue(now), stderr, ct,
                warmUp: CheckWarmUp.StartAsync);
            var scope = new CheckScope(parse.GetValue(source) ?? [], parse.GetValue(runbook) ?? []);
            var report = await RunAsync(host.Get<CheckRunner>(), host.Catalog, scope, output == OutputFormat.Table, stdout, ct);

            var printing = CheckTimings.Measure(CheckStep.Output);
            switch (output)
            {
                case OutputFormat.Json:
                    await CliConsole.WriteJsonLineAsync(stdout, report, CheckReportJson.Options, ct);
                    break;
                case OutputFormat.Markdown:
                    await stdout.WriteAsync(CheckReportWriter.Markdown(report, parse.GetValue(all)));
                    break;
                case OutputFormat.Junit:
                    await stdout.WriteLineAsync(CheckReportWriter.Junit(report));
                    break;
                default:
                    CheckReportWriter.WriteTable(stdout, report, parse.GetValue(all), CliConsole.Width(stdout), CliConsole.Colours(stdout));
                    break;
            }
            printing.Dispose();
            CheckTimings.Begin(CheckStep.Shutdown);
            return !report.Conclusive ? ExitCodes.Inconclusive
                : report.AnyNeedsReview ? ExitCodes.Attention
                : ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Runs the check; a table on a terminal shows progress meanwhile (n/N and an ETA), cleared when done.</summary>
    private static async Task<CheckReport> RunAsync(CheckRunner runner, ReviewCatalog catalog, CheckScope scope, bool table, TextWriter stdout, CancellationToken ct)
    {
        if (!table || !CliConsole.IsTerminal(stdout))
        {
            return await runner.RunAsync(catalog, scope, null, ct);
        }
        var total = CheckRunner.SelectSources(catalog, scope).Count;
        return await CliConsole.For(stdout).Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new CountColumn(), new EtaColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Checking sources", maxValue: total);
                var progress = new Progress<SourceCheckResult>(_ => task.Increment(1));
                return await runner.RunAsync(catalog, scope, progress, ct);
            });
    }
}
