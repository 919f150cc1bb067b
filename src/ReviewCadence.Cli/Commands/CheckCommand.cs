using System.CommandLine;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Runbooks;
using ReviewCadence.Vocabulary;
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
        var now = CliOptions.Now();
        var source = new Option<string[]>("--source") { Description = "Check only this source (repeatable)" };
        var runbook = new Option<string[]>("--runbook") { Description = "Check only this runbook's sources (repeatable)" };
        var command = new Command("check", "Re-check the sources and flag runbooks whose sources changed, moved or broke")
        {
            catalog, store, source, runbook, json, now,
        };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async (stdout, stderr) =>
        {
            await using var host = await CliHost.StartAsync(parse.GetValue(catalog)!, parse.GetValue(store), parse.GetValue(now), stderr, ct);
            var scope = new CheckScope(parse.GetValue(source) ?? [], parse.GetValue(runbook) ?? []);
            var definitions = host.Catalog;
            var report = await RunAsync(host.Get<CheckRunner>(), definitions, scope, parse.GetValue(json), stdout, ct);

            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(ReviewCadenceJson.Serialize(report));
            }
            else
            {
                Print(report, stdout);
            }
            return !report.Conclusive ? ExitCodes.Inconclusive
                : report.AnyNeedsReview ? ExitCodes.Attention
                : ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<CheckReport> RunAsync(CheckRunner runner, ReviewCatalog catalog, CheckScope scope, bool json, TextWriter stdout, CancellationToken ct)
    {
        if (json || !CliConsole.IsTerminal(stdout))
        {
            return await runner.RunAsync(catalog, scope, null, ct);
        }
        var total = CheckRunner.SelectSources(catalog, scope).Count;
        return await CliConsole.For(stdout).Progress().AutoClear(true).StartAsync(async context =>
        {
            var task = context.AddTask("Checking sources", maxValue: total);
            var progress = new Progress<SourceCheckResult>(_ => task.Increment(1));
            return await runner.RunAsync(catalog, scope, progress, ct);
        });
    }

    private static void Print(CheckReport report, TextWriter stdout)
    {
        var console = CliConsole.For(stdout);
        var sources = new Table().Title($"Check {report.RunId} at {report.StartedAt:u}");
        sources.AddColumns("Source", "Outcome", "HTTP", "Detail");
        foreach (var s in report.Sources)
        {
            sources.AddRow(Markup.Escape(s.Id), Markup.Escape(s.Outcome.Name()), s.HttpStatus?.ToString() ?? "-", Markup.Escape(s.Detail ?? ""));
        }
        console.Write(sources);

        var runbooks = new Table();
        runbooks.AddColumns("Runbook", "Status", "Findings");
        foreach (var r in report.Runbooks)
        {
            runbooks.AddRow(Markup.Escape(r.Id), Markup.Escape(r.Status.Name()), Markup.Escape(string.Join(", ", r.Findings.Select(f => $"{f.Source} {f.Kind.Name()}"))));
        }
        console.Write(runbooks);
        if (!report.Conclusive)
        {
            console.WriteLine("Inconclusive: no host could be reached (network outage?). Nothing was flagged and no failure was counted.");
        }
    }
}
