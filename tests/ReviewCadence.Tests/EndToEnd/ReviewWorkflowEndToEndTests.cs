using System.Text.Json;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// A failed review keeps the runbook flagged, overdue shows beside needs-review, and <c>status RUNBOOK-ID</c>
/// shows one runbook in full: through the CLI over real HTTP, once per store.
/// </summary>
public abstract class ReviewWorkflowEndToEndTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-review-").FullName;
    private TestSite _site = null!;

    private string CatalogPath => Path.Combine(_dir, "catalog.yaml");

    protected abstract string Store { get; }

    public virtual async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _site.Page("/docs/pricing", TestPages.Doc("Pricing", "Token-based billing applies to models with unified official pricing.", "Refunds are handled by support."));
        await File.WriteAllTextAsync(CatalogPath, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
              timeoutSeconds: 5
            sources:
              - id: pricing
                url: {_site.Url("/docs/pricing")}
            owners:
              - id: ops
            runbooks:
              - id: budget-gate
                title: Token budget quality gate
                owner: ops
                cadenceDays: 30
                lastReviewed: 2026-11-01
                sources: [pricing]
              - id: never-reviewed
                title: A runbook nobody has vouched for
                owner: ops
                sources: [pricing]
            """);
    }

    public virtual async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task<CliRunner.Result> Cli(params string[] args) => CliRunner.RunAsync([.. args, "--catalog", CatalogPath, "--store", Store]);

    private static JsonElement Runbook(JsonElement status, string id) =>
        status.GetProperty("runbooks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);

    [Fact]
    public async Task A_failed_review_keeps_the_runbook_flagged_until_a_pass_and_overdue_shows_beside_it()
    {
        Assert.Equal(0, (await Cli("check", "--json", "--now=2026-11-02T06:00:00Z")).ExitCode);
        _site.Page("/docs/pricing", TestPages.Doc("Pricing", "Token-based billing applies to every model.", "Refunds are handled by support."));
        Assert.Equal(2, (await Cli("check", "--json", "--now=2026-11-03T06:00:00Z")).ExitCode);

        var fail = await Cli("review", "budget-gate", "--reviewer", "platform-cost-operator", "--result", "fail", "--notes", "The budget table still quotes per-call prices.", "--now=2026-11-05T10:00:00Z");
        Assert.True(fail.ExitCode == 0, fail.ToString());

        var afterFail = Runbook((await Cli("status", "--json", "--now=2026-11-06")).Json, "budget-gate");
        Assert.Equal("needs-review", afterFail.GetProperty("status").GetString());
        var finding = Assert.Single(afterFail.GetProperty("findings").EnumerateArray());
        Assert.Equal("failed-review", finding.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("source").ValueKind);
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("url").ValueKind);
        Assert.Equal("The budget table still quotes per-call prices.", finding.GetProperty("detail").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-11-05T10:00:00Z"), finding.GetProperty("detectedAt").GetDateTimeOffset());
        // The fail did not restart the cadence.
        Assert.Equal("2026-11-01", afterFail.GetProperty("lastReviewed").GetString());
        Assert.Equal("2026-12-01", afterFail.GetProperty("nextReviewDue").GetString());
        Assert.False(afterFail.GetProperty("overdue").GetBoolean());
        Assert.Equal(JsonValueKind.Null, afterFail.GetProperty("daysOverdue").ValueKind);

        // The reviewer saw the sources: checking the same page again flags nothing new.
        var again = await Cli("check", "--json", "--now=2026-11-07T06:00:00Z");
        var checkedRunbook = again.Json.GetProperty("runbooks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "budget-gate");
        Assert.Equal(["failed-review"], checkedRunbook.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()));

        // 47 days past the due date, still needs-review: both are said.
        var late = await Cli("status", "--json", "--now=2027-01-17T08:00:00Z");
        var lateGate = Runbook(late.Json, "budget-gate");
        Assert.Equal("needs-review", lateGate.GetProperty("status").GetString());
        Assert.True(lateGate.GetProperty("overdue").GetBoolean());
        Assert.Equal(47, lateGate.GetProperty("daysOverdue").GetInt32());
        var never = Runbook(late.Json, "never-reviewed");
        Assert.True(never.GetProperty("overdue").GetBoolean());
        Assert.Equal(JsonValueKind.Null, never.GetProperty("daysOverdue").ValueKind);

        var table = await Cli("status", "--now=2027-01-17T08:00:00Z");
        Assert.Contains("needs-review · overdue 47 d", table.Stdout);
        Assert.Contains("- failed review (2026-11-05): The budget table still quotes per-call prices.", table.Stdout);
        Assert.Contains("overdue (never reviewed)", table.Stdout);

        var pass = await Cli("review", "budget-gate", "--reviewer", "platform-cost-operator", "--result", "pass", "--now=2027-01-17T09:00:00Z");
        Assert.True(pass.ExitCode == 0, pass.ToString());
        var passed = Runbook((await Cli("status", "--json", "--now=2027-01-18")).Json, "budget-gate");
        Assert.Equal("current", passed.GetProperty("status").GetString());
        Assert.Empty(passed.GetProperty("findings").EnumerateArray());
        Assert.Equal("2027-01-17", passed.GetProperty("lastReviewed").GetString());
        Assert.False(passed.GetProperty("overdue").GetBoolean());

        // One runbook in full: its findings' history is in the reviews.
        var detail = await Cli("status", "budget-gate", "--now=2027-01-18");
        Assert.True(detail.ExitCode == 0, detail.ToString());
        Assert.Contains("budget-gate: Token budget quality gate", detail.Stdout);
        Assert.Contains("Reviews (2, newest first):", detail.Stdout);
        Assert.Contains("2027-01-17 09:00 pass by platform-cost-operator", detail.Stdout);
        Assert.Contains("2026-11-05 10:00 fail by platform-cost-operator", detail.Stdout);
        Assert.Contains("The budget table still quotes per-call prices.", detail.Stdout);
        var detailJson = await Cli("status", "budget-gate", "--json", "--now=2027-01-18");
        Assert.Equal(2, detailJson.Json.GetProperty("reviews").GetArrayLength());
        Assert.Equal("current", detailJson.Json.GetProperty("status").GetString());

        var unknown = await Cli("status", "nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no runbook 'nope'", unknown.Stderr);
    }

    [Fact]
    public async Task Of_two_reviews_recorded_at_the_same_instant_the_later_one_counts()
    {
        Assert.Equal(0, (await Cli("check", "--json", "--now=2026-11-02T06:00:00Z")).ExitCode);
        var review = new[] { "review", "budget-gate", "--reviewer", "platform-cost-operator", "--now=2026-11-05T10:00:00Z" };

        // A pass, then at the same instant a fail: the fail is the latest, so the runbook stays flagged.
        Assert.Equal(0, (await Cli([.. review, "--result", "pass"])).ExitCode);
        Assert.Equal(0, (await Cli([.. review, "--result", "fail", "--notes", "Second look: the table is stale."])).ExitCode);
        var afterFail = Runbook((await Cli("status", "--json", "--now=2026-11-06")).Json, "budget-gate");
        Assert.Equal("needs-review", afterFail.GetProperty("status").GetString());
        Assert.Equal("Second look: the table is stale.", Assert.Single(afterFail.GetProperty("findings").EnumerateArray()).GetProperty("detail").GetString());

        // And the other way round, at another shared instant: the pass recorded last clears it.
        var again = new[] { "review", "budget-gate", "--reviewer", "platform-cost-operator", "--now=2026-11-07T10:00:00Z" };
        Assert.Equal(0, (await Cli([.. again, "--result", "fail", "--notes", "Not yet."])).ExitCode);
        Assert.Equal(0, (await Cli([.. again, "--result", "pass"])).ExitCode);
        var afterPass = Runbook((await Cli("status", "--json", "--now=2026-11-08")).Json, "budget-gate");
        Assert.Equal("current", afterPass.GetProperty("status").GetString());
        Assert.Equal("2026-11-07", afterPass.GetProperty("lastReviewed").GetString());
        var history = (await Cli("status", "budget-gate", "--json", "--now=2026-11-08")).Json.GetProperty("reviews").EnumerateArray()
            .Select(r => r.GetProperty("result").GetString()).ToList();
        Assert.Equal(["pass", "fail", "fail", "pass"], history);
    }
}

public sealed class SqliteReviewWorkflowEndToEndTests : ReviewWorkflowEndToEndTests
{
    protected override string Store { get; } = Path.Combine(Path.GetTempPath(), $"rc-review-{Guid.NewGuid():n}", "state.db");
}

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteReviewWorkflowEndToEndTests(AzuriteFixture azurite) : ReviewWorkflowEndToEndTests
{
    protected override string Store => azurite.ConnectionString;

    public override async Task InitializeAsync()
    {
        await AzuriteTables.DeleteCliTablesAsync(azurite.ConnectionString);
        await base.InitializeAsync();
    }
}
