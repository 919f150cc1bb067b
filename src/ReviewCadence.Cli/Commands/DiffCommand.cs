using System.CommandLine;
using ReviewCadence.Sources;

namespace ReviewCadence.Cli.Commands;

/// <summary><c>reviewcadence diff SOURCE-ID</c>: the last change of a source as a unified diff.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var sourceId = new Argument<string>("SOURCE-ID") { Description = "The source whose last change to show" };
        var catalog = CliOptions.Catalog();
        var store = CliOptions.Store();
        var json = CliOptions.Json();
        var command = new Command("diff", "Show the last change of a source: its summary and a unified diff of the content") { sourceId, catalog, store, json };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async (stdout, stderr) =>
        {
            await using var host = await CliHost.StartAsync(parse.GetValue(catalog)!, parse.GetValue(store), null, stderr, ct);
            var id = parse.GetValue(sourceId)!;
            var diff = await host.Get<SourceOverviewService>().GetLastChangeAsync(host.Catalog, id, ct)
                ?? throw new KeyNotFoundException($"no source '{id}' in {parse.GetValue(catalog)}");
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(ReviewCadenceJson.Serialize(diff));
            }
            else if (!diff.HasChange)
            {
                await stdout.WriteLineAsync($"{diff.Source}: no change recorded since its first check.");
            }
            else
            {
                await stdout.WriteLineAsync($"{diff.Source} ({diff.Url}) changed at {diff.ChangedAt:u}: {diff.Summary}");
                await stdout.WriteAsync(diff.Diff);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
