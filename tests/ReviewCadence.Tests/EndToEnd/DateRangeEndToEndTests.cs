using ReviewCadence.Storage;
using ReviewCadence.Storage.Sqlite;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// Far dates through the real CLI: <c>--now</c> and <c>lastReviewed</c> outside 2000-2200 are one-line errors that
/// write nothing, and a store that already holds such a date (written before the rule) still loads and says what to do.
/// </summary>
public sealed class DateRangeEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-dates-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Store => Path.Combine(_dir, "state.db");

    private string Catalog(string lastReviewed = "2026-11-01")
    {
        var path = Path.Combine(_dir, "catalog.yaml");
        File.WriteAllText(path, $"""
            sources:
              - id: a
                url: https://example.com/a
            owners:
              - id: ops
            runbooks:
              - id: r1
                title: R1
                owner: ops
                cadenceDays: 30
                lastReviewed: {lastReviewed}
                sources: [a]
            """);
        return path;
    }

    [Theory]
    [InlineData("review", "r1", "--reviewer", "ops", "--now", "9999-12-15")]
    [InlineData("remind", "--now", "9999-12-31T23:59:59Z")]
    [InlineData("status", "--now", "1999-12-31")]
    [InlineData("check", "--now", "2201-01-01")]
    public async Task A_now_outside_2000_to_2200_is_one_line_and_writes_nothing(params string[] args)
    {
        var result = await CliRunner.RunAsync([.. args, "--catalog", Catalog(), "--store", Store]);

        CliRunner.AssertOneLineError(result, "--now must be between 2000-01-01 and 2200-12-31");
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task A_last_reviewed_date_outside_the_range_is_a_catalog_error_with_its_line()
    {
        var catalog = Catalog("9999-12-31");

        var result = await CliRunner.RunAsync("check", "--catalog", catalog, "--store", Store, "--now", "2026-12-01");

        CliRunner.AssertOneLineError(result, $"{catalog}:11: 'lastReviewed' must be between 2000-01-01 and 2200-12-31, not '9999-12-31'");
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task A_store_already_holding_a_far_future_review_still_loads_and_says_what_to_do()
    {
        var catalog = Catalog();
        await using (var store = new SqliteReviewStore(Store))
        {
            await store.InitializeAsync(CancellationToken.None);
            await store.AddReviewAsync(new ReviewRecord
            {
                Id = "far-future",
                RunbookId = "r1",
                ReviewedAt = new DateTimeOffset(9999, 12, 15, 0, 0, 0, TimeSpan.Zero),
                Reviewer = "ops",
                Result = "pass",
            }, CancellationToken.None);
        }

        var status = await CliRunner.RunAsync("status", "--catalog", catalog, "--store", Store, "--json", "--now", "2026-12-10");
        Assert.True(status.ExitCode == 0, status.ToString());
        var runbook = status.Json.GetProperty("runbooks")[0];
        Assert.Equal("2026-11-01", runbook.GetProperty("lastReviewed").GetString());
        Assert.Equal("overdue", runbook.GetProperty("status").GetString());
        Assert.Contains("review far-future of runbook r1 is dated 9999-12-15", status.Stderr);
        Assert.Contains("reviewcadence review r1", status.Stderr);

        var remind = await CliRunner.RunAsync("remind", "--catalog", catalog, "--store", Store, "--json", "--dry-run", "--now", "2026-12-10");
        Assert.True(remind.ExitCode is 0 or 2, remind.ToString());

        // Recording the review again makes it count, although the far one stays newest in the history.
        var review = await CliRunner.RunAsync("review", "r1", "--reviewer", "ops", "--catalog", catalog, "--store", Store, "--now", "2026-12-10");
        Assert.True(review.ExitCode == 0, review.ToString());
        var after = await CliRunner.RunAsync("status", "--catalog", catalog, "--store", Store, "--json", "--now", "2026-12-10");
        Assert.Equal("current", after.Json.GetProperty("runbooks")[0].GetProperty("status").GetString());
        Assert.Equal("2026-12-10", after.Json.GetProperty("runbooks")[0].GetProperty("lastReviewed").GetString());
    }
}
