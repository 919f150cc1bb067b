using System.CommandLine;
using ReviewCadence.Cli.Output;
using ReviewCadence.Runbooks;

namespace ReviewCadence.Cli.Commands;

/// <summary><c>reviewcadence status [RUNBOOK-ID]</c>: every runbook's status, findings and due date, or one runbook in full.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var runbookId = new Argument<string?>("RUNBOOK-ID") { Description = "Show this runbook in full (findings, review history)", Arity = ArgumentArity.ZeroOrOne };
        var catalog = CliOptions.Catalog();
        var store = CliOptions.Store();
        var json = CliOptions.Json();
        var format = OutputFormats.Option();
        var now = CliOptions.Now();
        var command = new Command("status", "Show each runbook's status: needs-review, overdue, due-soon or current")
        {
            runbookId, catalog, store, format, json, now,
        };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async (stdout, stderr) =>
        {
            var output = OutputFormats.Resolve(parse, format, json);
            await using var host = await CliHost.StartAsync(parse.GetValue(catalog)!, parse.GetValue(store), parse.GetValue(now), stderr, ct);
            var statuses = host.Get<RunbookStatusService>();
            var clock = host.Get<TimeProvider>();
            IReadOnlyList<RunbookStatus> runbooks;
            if (parse.GetValue(runbookId) is { } id)
            {
                var (status, reviews) = await statuses.GetWithReviewsAsync(host.Catalog, id, ct)
                    ?? throw new KeyNotFoundException($"no runbook '{id}' in {parse.GetValue(catalog)}");
                if (output == OutputFormat.Json)
                {
                    // As GET /api/runbooks/{id}: the runbook, with its review history.
                    var detail = System.Text.Json.JsonSerializer.SerializeToNode(status, ReviewCadenceJson.Options)!.AsObject();
                    detail["reviews"] = System.Text.Json.JsonSerializer.SerializeToNode(reviews, ReviewCadenceJson.Options);
                    await stdout.WriteLineAsync(detail.ToJsonString(ReviewCadenceJson.Options));
                    return ExitCodes.Ok;
                }
                if (output == OutputFormat.Table)
                {
                    StatusWriter.WriteDetail(stdout, status, reviews, CliConsole.Width(stdout), CliConsole.Colours(stdout));
                    return ExitCodes.Ok;
                }
                runbooks = [status];
            }
            else
            {
                runbooks = await statuses.GetAllAsync(host.Catalog, ct);
            }

            switch (output)
            {
                case OutputFormat.Json:
                    // {"runbooks": [...]}, as GET /api/runbooks; built as a node so no anonymous type needs reflection metadata.
                    var list = new System.Text.Json.Nodes.JsonObject { ["runbooks"] = System.Text.Json.JsonSerializer.SerializeToNode(runbooks, ReviewCadenceJson.Options) };
                    await stdout.WriteLineAsync(list.ToJsonString(ReviewCadenceJson.Options));
                    break;
                case OutputFormat.Markdown:
                    await stdout.WriteAsync(StatusWriter.Markdown(runbooks));
                    break;
                case OutputFormat.Junit:
                    await stdout.WriteLineAsync(StatusWriter.Junit(runbooks, clock.GetUtcNow()));
                    break;
                default:
                    StatusWriter.WriteTable(stdout, runbooks, CliConsole.Width(stdout), CliConsole.Colours(stdout));
                    break;
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
