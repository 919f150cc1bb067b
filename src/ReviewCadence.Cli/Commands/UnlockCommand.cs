using System.CommandLine;
using ReviewCadence.Checking;
using ReviewCadence.Reminders;
using ReviewCadence.Storage;

namespace ReviewCadence.Cli.Commands;

/// <summary>
/// <c>reviewcadence unlock [--check] [--reminders]</c>: clears a run lease whose holder is gone (a killed run on
/// another machine, or one of an older version). Refused while the holder still runs on this machine.
/// </summary>
internal static class UnlockCommand
{
    public static Command Create()
    {
        var check = new Option<bool>("--check") { Description = "Clear the check lease" };
        var reminders = new Option<bool>("--reminders") { Description = "Clear the reminder-run lease" };
        var catalog = CliOptions.Catalog();
        var store = CliOptions.Store();
        var command = new Command("unlock", "Clear a stale run lease (both when neither --check nor --reminders is given)") { check, reminders, catalog, store };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async (stdout, stderr) =>
        {
            var names = new List<string>();
            var both = !parse.GetValue(check) && !parse.GetValue(reminders);
            if (both || parse.GetValue(check))
            {
                names.Add(CheckRunner.LeaseName);
            }
            if (both || parse.GetValue(reminders))
            {
                names.Add(ReminderRunner.LeaseName);
            }
            await using var host = await CliHost.StartAsync(parse.GetValue(catalog)!, parse.GetValue(store), null, stderr, ct, loadCatalog: false);
            var leases = host.Get<RunLeases>();
            foreach (var name in names)
            {
                var outcome = await leases.UnlockAsync(name, ct);
                await stdout.WriteLineAsync(outcome.Message);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
