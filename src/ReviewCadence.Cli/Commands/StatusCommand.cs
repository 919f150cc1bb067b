using System.CommandLine;
using ReviewCadence.Runbooks;
using ReviewCadence.Vocabulary;
using Spectre.Console;

namespace ReviewCadence.Cli.Commands;

/// <summary><c>reviewcadence status</c>: every runbook's status, findings and due date.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var catalog = CliOptions.Catalog();
        var store = CliOptions.Store();
        var json = CliOptions.Json();
        var now = CliOptions.Now();
        var command = new Command("status", "Show each runbook's status: needs-review, overdue, due-soon or current") { catalog, store, json, now };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async (stdout, stderr) =>
        {
            await using var host = await CliHost.StartAsync(parse.GetValue(catalog)!, parse.GetValue(store), parse.GetValue(now), stderr, ct);
            var runbooks = await host.Get<RunbookStatusService>().GetAllAsync(host.Catalog, ct);
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(ReviewCadenceJson.Serialize(new { runbooks }));
                return ExitCodes.Ok;
            }
            var table = new Table();
            table.AddColumns("Runbook", "Owner", "Status", "Last reviewed", "Next review due", "Findings");
            foreach (var r in runbooks.OrderByDescending(r => r.Status).ThenBy(r => r.NextReviewDue))
            {
                table.AddRow(
                    Markup.Escape(r.Id),
                    Markup.Escape(r.Owner),
                    Markup.Escape(r.Status.Name()),
                    r.LastReviewed?.ToString("yyyy-MM-dd") ?? "never",
                    r.NextReviewDue?.ToString("yyyy-MM-dd") ?? "now",
                    Markup.Escape(string.Join("; ", r.Findings.Select(f => $"{f.Source} {f.Kind.Name()}{(f.Detail is null ? "" : ": " + f.Detail)}"))));
            }
            CliConsole.For(stdout).Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
