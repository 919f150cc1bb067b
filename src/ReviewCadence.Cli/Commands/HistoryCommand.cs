using System.CommandLine;
using System.Globalization;
using ReviewCadence.Sources;
using Spectre.Console;

namespace ReviewCadence.Cli.Commands;

/// <summary><c>reviewcadence history SOURCE-ID</c>: the versions kept of a source, newest first.</summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var sourceId = new Argument<string>("SOURCE-ID") { Description = "The source whose history to list" };
        var catalog = CliOptions.Catalog();
        var store = CliOptions.Store();
        var json = CliOptions.Json();
        var command = new Command("history", "List the versions kept of a source (newest first), with when each was first and last seen")
        {
            sourceId, catalog, store, json,
        };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async (stdout, stderr) =>
        {
            await using var host = await CliHost.StartAsync(parse.GetValue(catalog)!, parse.GetValue(store), null, stderr, ct);
            var id = parse.GetValue(sourceId)!;
            var history = await host.Get<SourceHistoryService>().GetHistoryAsync(host.Catalog, id, ct)
                ?? throw new KeyNotFoundException($"no source '{id}' in {parse.GetValue(catalog)}");
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(ReviewCadenceJson.Serialize(history));
                return ExitCodes.Ok;
            }
            if (history.Versions.Count == 0)
            {
                await stdout.WriteLineAsync($"{history.Source}: no version yet (it has not been fetched successfully).");
                return ExitCodes.Ok;
            }
            var console = CliConsole.For(stdout);
            console.WriteLine($"{history.Source} ({history.Url}): {history.Versions.Count} version{(history.Versions.Count == 1 ? "" : "s")} kept");
            var table = new Table().AddColumns("Version", "First seen", "Last seen", "Summary");
            table.Columns[0].NoWrap().RightAligned();
            table.Columns[1].NoWrap();
            table.Columns[2].NoWrap();
            foreach (var v in history.Versions)
            {
                table.AddRow(v.Version.ToString(CultureInfo.InvariantCulture), Time(v.FirstSeen), Time(v.LastSeen), Markup.Escape(v.Summary ?? (v.Version == history.Versions[^1].Version ? "(oldest kept)" : "")));
            }
            console.Write(table);
            if (history.Versions.Count > 1)
            {
                console.WriteLine($"Compare two: reviewcadence diff {history.Source} --from {history.Versions[1].Version} --to {history.Versions[0].Version}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
