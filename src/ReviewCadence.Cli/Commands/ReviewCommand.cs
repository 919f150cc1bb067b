using System.CommandLine;
using ReviewCadence.Runbooks;

namespace ReviewCadence.Cli.Commands;

/// <summary><c>reviewcadence review</c>: record a re-review, clearing findings and restarting the cadence.</summary>
internal static class ReviewCommand
{
    public static Command Create()
    {
        var runbookId = new Argument<string>("RUNBOOK-ID") { Description = "The runbook that was re-reviewed" };
        var reviewer = new Option<string>("--reviewer") { Description = "The reviewer's role", Required = true };
        var result = new Option<string>("--result") { Description = "pass or fail", DefaultValueFactory = _ => "pass" };
        result.AcceptOnlyFromAmong(ReviewRecorder.Results);
        var notes = new Option<string?>("--notes") { Description = "What was checked, what was changed" };
        var catalog = CliOptions.Catalog();
        var store = CliOptions.Store();
        var now = CliOptions.Now();
        var command = new Command("review", "Record that a runbook was re-reviewed") { runbookId, reviewer, result, notes, catalog, store, now };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async (stdout, stderr) =>
        {
            await using var host = await CliHost.StartAsync(parse.GetValue(catalog)!, parse.GetValue(store), parse.GetValue(now), stderr, ct);
            var definitions = host.Catalog;
            var review = await host.Get<ReviewRecorder>().RecordAsync(
                definitions,
                new ReviewInput(parse.GetValue(runbookId)!, parse.GetValue(reviewer)!, parse.GetValue(result)!, parse.GetValue(notes)),
                ct);
            var status = await host.Get<RunbookStatusService>().GetAsync(definitions, review.RunbookId, ct);
            await stdout.WriteLineAsync($"Recorded {review.Result} review of {review.RunbookId} by {review.Reviewer} at {review.ReviewedAt:u}; status now {status!.Status.Name()}, next review due {status.NextReviewDue:yyyy-MM-dd}.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
