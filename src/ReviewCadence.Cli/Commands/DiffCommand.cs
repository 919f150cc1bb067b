using System.CommandLine;
using ReviewCadence.Sources;

namespace ReviewCadence.Cli.Commands;

/// <summary><c>reviewcadence diff SOURCE-ID [--from VERSION] [--to VERSION]</c>: two versions of a source compared (default: its last change).</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var sourceId = new Argument<string>("SOURCE-ID") { Description = "The source whose versions to compare" };
        var from = VersionOption("--from", "The older version (a number from 'reviewcadence history'); default: the one before --to");
        var to = VersionOption("--to", "The newer version; default: the newest");
        var catalog = CliOptions.Catalog();
        var store = CliOptions.Store();
        var json = CliOptions.Json();
        var command = new Command("diff", "Compare two versions of a source (default: its last change): the summary and a unified diff of the content")
        {
            sourceId, from, to, catalog, store, json,
        };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async (stdout, stderr) =>
        {
            await using var host = await CliHost.StartAsync(parse.GetValue(catalog)!, parse.GetValue(store), null, stderr, ct);
            var id = parse.GetValue(sourceId)!;
            var diff = await host.Get<SourceHistoryService>().GetDiffAsync(host.Catalog, id, parse.GetValue(from), parse.GetValue(to), ct)
                ?? throw new KeyNotFoundException($"no source '{Printable.Clip(id)}' in {parse.GetValue(catalog)}");
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(ReviewCadenceJson.Serialize(diff));
            }
            else if (!diff.HasChange)
            {
                await stdout.WriteLineAsync(diff.FromVersion is null
                    ? $"{diff.Source}: no change recorded since its first check."
                    : $"{diff.Source}: version {diff.FromVersion} compared with itself: no difference.");
            }
            else
            {
                var versions = diff.FromVersion is { } a && diff.ToVersion is { } b ? $"version {a} → {b}, " : "";
                var summary = diff.Summary is null ? "" : $": {diff.Summary}";
                await stdout.WriteLineAsync($"{diff.Source} ({diff.Url}) {versions}changed at {diff.ChangedAt:u}{summary}");
                DiffPrinter.Write(stdout, diff.Diff);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Option<int?> VersionOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 1)
            {
                return value;
            }
            result.AddError($"{name} must be a version number from 'reviewcadence history' (1, 2, ...), not '{text}'");
            return null;
        },
    };
}
