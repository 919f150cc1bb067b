using System.CommandLine;
using ReviewCadence.Reminders;
using Spectre.Console;

namespace ReviewCadence.Cli.Commands;

/// <summary><c>reviewcadence remind</c>: send each owner one digest of what needs their attention.</summary>
internal static class RemindCommand
{
    public static Command Create()
    {
        var catalog = CliOptions.Catalog();
        var store = CliOptions.Store();
        var json = CliOptions.Json();
        var now = CliOptions.Now();
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be sent; send and record nothing" };
        var command = new Command("remind", "Remind follow-up owners of runbooks that need review, are overdue or due soon") { catalog, store, dryRun, json, now };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async (stdout, stderr) =>
        {
            await using var host = await CliHost.StartAsync(parse.GetValue(catalog)!, parse.GetValue(store), parse.GetValue(now), stderr, ct);
            var report = await host.Get<ReminderRunner>().RunAsync(host.Catalog, parse.GetValue(dryRun), ct);
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(ReviewCadenceJson.Serialize(report));
            }
            else
            {
                Print(report, stdout);
            }
            return report.HasFailures ? ExitCodes.Attention : ExitCodes.Ok;
        }));
        return command;
    }

    private static void Print(ReminderReport report, TextWriter stdout)
    {
        var console = CliConsole.For(stdout);
        if (report.Sent.Count == 0 && report.Failed.Count == 0)
        {
            console.WriteLine(report.DryRun ? "Dry run: nothing would be sent." : "Nothing to send: every owner is up to date or was reminded recently.");
            return;
        }
        var table = new Table().Title(report.DryRun ? "Dry run: would send" : "Reminders");
        table.AddColumns("Owner", "Channel", "Outcome", "Runbooks");
        foreach (var sent in report.Sent)
        {
            table.AddRow(Markup.Escape(sent.Owner), Markup.Escape(sent.Channel), sent.Escalation ? "sent (escalation)" : report.DryRun ? "would send" : "sent", Markup.Escape(string.Join(", ", sent.Runbooks)));
        }
        foreach (var failed in report.Failed)
        {
            table.AddRow(Markup.Escape(failed.Owner), Markup.Escape(failed.Channel), "failed", Markup.Escape(failed.Error));
        }
        console.Write(table);
    }
}
