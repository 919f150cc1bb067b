using System.Text.Json;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// The spine, end to end through the CLI: catalog → check over real HTTP → runbooks needing review →
/// status → review. Runs once per store implementation.
/// </summary>
public abstract class CheckEndToEndTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-e2e-").FullName;
    private TestSite _site = null!;

    protected string CatalogPath => Path.Combine(_dir, "catalog.yaml");

    /// <summary>The <c>--store</c> value for this implementation.</summary>
    protected abstract string Store { get; }

    public virtual async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _site.Page("/docs/pricing", TestPages.Doc("Pricing", "Token-based billing applies to models with unified official pricing.", "Per-call billing applies to models without official APIs."));
        _site.Page("/docs/help", TestPages.Doc("Help center", "Contact support for abnormal charges and recharge questions.", "Maintenance notes are posted here."));
        _site.Page("/framework/allocation", TestPages.Doc("Allocation", "Every cost line has a responsible owner and an allocation rule.", "Shared costs are split by a documented rule."));
        await File.WriteAllTextAsync(CatalogPath, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
              timeoutSeconds: 5
            sources:
              - id: pricing
                url: {_site.Url("/docs/pricing")}
                title: Pricing documentation
              - id: help
                url: {_site.Url("/docs/help")}
              - id: allocation
                url: {_site.Url("/framework/allocation")}
            owners:
              - id: ops
            runbooks:
              - id: budget-gate
                title: Token budget quality gate
                owner: ops
                cadenceDays: 30
                lastReviewed: 2026-11-01
                sources: [pricing, help]
              - id: cost-handoff
                title: Cost handoff
                owner: ops
                cadenceDays: 30
                lastReviewed: 2026-11-01
                sources: [allocation]
            """);
    }

    public virtual async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        TempFolder.Delete(_dir);
    }

    private Task<CliRunner.Result> Cli(params string[] args) =>
        RunCliAsync([.. args, "--catalog", CatalogPath, "--store", Store]);

    /// <summary>Runs one <c>reviewcadence</c> command: in-process here, the published executable in <see cref="PublishedCliEndToEndTests"/>.</summary>
    private protected virtual Task<CliRunner.Result> RunCliAsync(params string[] args) => CliRunner.RunAsync(args);

    private static Dictionary<string, string> Outcomes(JsonElement report) =>
        report.GetProperty("sources").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("outcome").GetString()!);

    private static Dictionary<string, string> Statuses(JsonElement report) =>
        report.GetProperty("runbooks").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("status").GetString()!);

    [Fact]
    public async Task New_then_unchanged_then_changed_flags_only_citing_runbooks_until_reviewed()
    {
        const string now = "--now=2026-11-23T06:00:00Z";

        var first = await Cli("check", "--json", now);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.All(Outcomes(first.Json).Values, o => Assert.Equal("new", o));
        Assert.True(first.Json.GetProperty("conclusive").GetBoolean());

        var second = await Cli("check", "--json", now);
        Assert.Equal(0, second.ExitCode);
        Assert.All(Outcomes(second.Json).Values, o => Assert.Equal("unchanged", o));

        _site.Page("/docs/pricing", TestPages.Doc("Pricing", "Token-based billing applies to models with unified official pricing.", "Per-call billing now applies to every model."));
        var third = await Cli("check", "--json", now);
        Assert.True(third.ExitCode == 2, third.ToString());
        Assert.Equal("changed", Outcomes(third.Json)["pricing"]);
        Assert.Equal("unchanged", Outcomes(third.Json)["help"]);
        Assert.Equal("needs-review", Statuses(third.Json)["budget-gate"]);
        Assert.Equal("current", Statuses(third.Json)["cost-handoff"]);
        var pricing = third.Json.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "pricing");
        Assert.Equal(200, pricing.GetProperty("httpStatus").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(pricing.GetProperty("detail").GetString()));

        var diff = await Cli("diff", "pricing", "--json");
        Assert.True(diff.ExitCode == 0, diff.ToString());
        Assert.True(diff.Json.GetProperty("hasChange").GetBoolean());
        var lines = diff.Json.GetProperty("hunks").GetProperty("hunks").EnumerateArray().SelectMany(h => h.GetProperty("lines").EnumerateArray()).ToList();
        Assert.Contains(lines, l => l.GetProperty("kind").GetString() == "added" && l.GetProperty("text").GetString()!.Contains("now applies to every model"));
        Assert.Contains(lines, l => l.GetProperty("kind").GetString() == "removed" && l.GetProperty("text").GetString()!.Contains("without official APIs"));
        var readable = await Cli("diff", "pricing");
        Assert.Contains("+Per-call billing now applies to every model.", readable.Stdout);
        Assert.Contains("@@", readable.Stdout);

        // A second edit before the review is still one finding.
        _site.Page("/docs/pricing", TestPages.Doc("Pricing", "Token-based billing is gone.", "Per-call billing now applies to every model."));
        var fourth = await Cli("check", "--json", now);
        Assert.Equal(2, fourth.ExitCode);

        var status = await Cli("status", "--json", now);
        Assert.Equal(0, status.ExitCode);
        var gate = status.Json.GetProperty("runbooks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "budget-gate");
        Assert.Equal("needs-review", gate.GetProperty("status").GetString());
        var finding = Assert.Single(gate.GetProperty("findings").EnumerateArray());
        Assert.Equal("pricing", finding.GetProperty("source").GetString());
        Assert.Equal("changed", finding.GetProperty("kind").GetString());
        Assert.Equal(_site.Url("/docs/pricing").ToString(), finding.GetProperty("url").GetString());
        Assert.Equal("ops", gate.GetProperty("owner").GetString());
        Assert.Equal("2026-11-01", gate.GetProperty("lastReviewed").GetString());
        Assert.Equal("2026-12-01", gate.GetProperty("nextReviewDue").GetString());

        var review = await Cli("review", "budget-gate", "--reviewer", "platform-cost-operator", "--result", "pass", "--notes", "re-read pricing", now);
        Assert.True(review.ExitCode == 0, review.ToString());

        var after = await Cli("status", "--json", now);
        var reviewed = after.Json.GetProperty("runbooks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "budget-gate");
        Assert.Equal("current", reviewed.GetProperty("status").GetString());
        Assert.Equal("2026-11-23", reviewed.GetProperty("lastReviewed").GetString());
        Assert.Equal("2026-12-23", reviewed.GetProperty("nextReviewDue").GetString());
        Assert.Empty(reviewed.GetProperty("findings").EnumerateArray());

        // The review re-baselined on the current page: checking again flags nothing.
        var fifth = await Cli("check", "--json", now);
        Assert.True(fifth.ExitCode == 0, fifth.ToString());
        Assert.Equal("current", Statuses(fifth.Json)["budget-gate"]);
    }

    [Fact]
    public async Task A_page_that_disappears_is_broken_and_flags_its_runbook()
    {
        const string now = "--now=2026-11-23T06:00:00Z";
        Assert.Equal(0, (await Cli("check", "--json", now)).ExitCode);

        _site.Status("/framework/allocation", 404);
        var result = await Cli("check", "--json", now);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("broken", Outcomes(result.Json)["allocation"]);
        Assert.Equal("needs-review", Statuses(result.Json)["cost-handoff"]);
        Assert.Equal("current", Statuses(result.Json)["budget-gate"]);
        var finding = result.Json.GetProperty("runbooks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "cost-handoff").GetProperty("findings")[0];
        Assert.Equal("broken", finding.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task No_reachable_host_exits_3_and_changes_nothing()
    {
        var closed = TestSite.UnusedPortUrl("/docs");
        var catalog = Path.Combine(_dir, "offline.yaml");
        await File.WriteAllTextAsync(catalog, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
              timeoutSeconds: 1
              brokenAfterFailures: 1
            sources:
              - id: offline
                url: {closed}
            owners:
              - id: ops
            runbooks:
              - id: rb
                title: Offline runbook
                owner: ops
                lastReviewed: 2026-11-01
                sources: [offline]
            """);

        var result = await RunCliAsync("check", "--json", "--catalog", catalog, "--store", Store, "--now=2026-11-02");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.False(result.Json.GetProperty("conclusive").GetBoolean());
        Assert.Equal("unreachable", Outcomes(result.Json)["offline"]);
        Assert.Equal("current", Statuses(result.Json)["rb"]);
    }

    [Fact]
    public async Task A_malformed_catalog_exits_1_with_file_and_line_and_leaves_the_store_untouched()
    {
        var bad = Path.Combine(_dir, "bad.yaml");
        await File.WriteAllTextAsync(bad, (await File.ReadAllTextAsync(CatalogPath)).Replace("sources: [allocation]", "sources: [nowhere]"));
        var store = Path.Combine(_dir, "untouched", "state.db");

        var result = await RunCliAsync("check", "--json", "--catalog", bad, "--store", store);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{bad}:", result.Stderr);
        Assert.Contains("cites source 'nowhere'", result.Stderr);
        Assert.Equal("", result.Stdout);
        Assert.False(File.Exists(store));
    }

    [Fact]
    public async Task Source_and_runbook_filters_check_only_what_they_name()
    {
        var bySource = await Cli("check", "--json", "--source", "help");
        Assert.Equal(["help"], Outcomes(bySource.Json).Keys);
        Assert.Equal(["budget-gate"], Statuses(bySource.Json).Keys);

        var byRunbook = await Cli("check", "--json", "--runbook", "cost-handoff");
        Assert.Equal(["allocation"], Outcomes(byRunbook.Json).Keys);

        var unknown = await Cli("check", "--json", "--source", "nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no source 'nope'", unknown.Stderr);
        Assert.Equal("", unknown.Stdout);
    }

    [Fact]
    public async Task Table_output_is_readable_without_json()
    {
        var result = await Cli("check", "--now=2026-11-23T06:00:00Z");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("pricing", result.Stdout);
        Assert.Contains("new", result.Stdout);
        Assert.Contains("3 sources checked: 0 changed, 0 moved, 0 broken, 0 unreachable, 0 unchanged, 3 new; 0 runbooks need review", result.Stdout);
        // Current runbooks are listed only with --all.
        Assert.DoesNotContain("budget-gate", result.Stdout);
        Assert.Contains("budget-gate", (await Cli("check", "--all", "--now=2026-11-23T06:00:00Z")).Stdout);
        var status = await Cli("status", "--now=2026-11-28T06:00:00Z");
        Assert.Contains("due-soon", status.Stdout);
    }

    [Fact]
    public async Task Status_follows_the_clock_given_by_now()
    {
        Assert.Equal(0, (await Cli("check", "--json", "--now=2026-11-02T06:00:00Z")).ExitCode);

        Assert.Equal("current", Statuses((await Cli("status", "--json", "--now=2026-11-10")).Json, "budget-gate"));
        Assert.Equal("due-soon", Statuses((await Cli("status", "--json", "--now=2026-11-25")).Json, "budget-gate"));
        Assert.Equal("overdue", Statuses((await Cli("status", "--json", "--now=2026-12-02")).Json, "budget-gate"));
    }

    private static string Statuses(JsonElement status, string id) =>
        status.GetProperty("runbooks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id).GetProperty("status").GetString()!;
}

public sealed class SqliteCheckEndToEndTests : CheckEndToEndTests
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"rc-e2e-{Guid.NewGuid():n}", "state.db");

    protected override string Store => _db;
}

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteCheckEndToEndTests(AzuriteFixture azurite) : CheckEndToEndTests
{
    protected override string Store => azurite.ConnectionString;

    /// <summary>The CLI uses the unprefixed tables; each test starts from an empty account.</summary>
    public override async Task InitializeAsync()
    {
        await AzuriteTables.DeleteCliTablesAsync(azurite.ConnectionString);
        await base.InitializeAsync();
    }
}
