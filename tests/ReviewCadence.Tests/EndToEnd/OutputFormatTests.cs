using System.Xml.Linq;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// <c>check</c> and <c>status</c> in each format, end to end through the CLI over real HTTP: the summary line, what the
/// table lists by default and with <c>--all</c>, Markdown for a PR comment, JUnit XML for CI, and 80 columns.
/// </summary>
public sealed class OutputFormatTests : IAsyncLifetime
{
    private const string Now = "--now=2026-11-10T06:00:00Z";
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-formats-").FullName;
    private TestSite _site = null!;

    private string CatalogPath => Path.Combine(_dir, "catalog.yaml");

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _site.Page("/docs/pricing", TestPages.Doc("Pricing", "Token-based billing applies to models with unified official pricing.", "Refunds are handled by support."));
        _site.Page("/docs/help", TestPages.Doc("Help center", "Contact support for abnormal charges and recharge questions.", "Maintenance notes are posted here."));
        _site.Page("/framework/allocation", TestPages.Doc("Allocation", "Every cost line has a responsible owner and an allocation rule.", "Shared costs are split by a documented rule."));
        await File.WriteAllTextAsync(CatalogPath, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
              timeoutSeconds: 5
            sources:
              - id: cometapi-pricing-documentation
                url: {_site.Url("/docs/pricing")}
              - id: cometapi-help-center-escalations
                url: {_site.Url("/docs/help")}
              - id: finops-framework-allocation
                url: {_site.Url("/framework/allocation")}
            owners:
              - id: platform-cost-operator
            runbooks:
              - id: token-budget-quality-gate
                title: AI API token budget runbook quality gate
                owner: platform-cost-operator
                cadenceDays: 30
                lastReviewed: 2026-11-01
                sources: [cometapi-pricing-documentation]
              - id: cost-allocation-handoff
                title: Cost allocation handoff
                owner: platform-cost-operator
                cadenceDays: 30
                lastReviewed: 2026-11-01
                sources: [finops-framework-allocation]
              - id: support-escalation-path
                title: Support escalation path
                owner: platform-cost-operator
                cadenceDays: 30
                lastReviewed: 2026-11-01
                sources: [cometapi-help-center-escalations]
            """);
        Assert.Equal(0, (await Cli("check", "--json", Now)).ExitCode);
        // One source changes, one breaks, one stays as it was.
        _site.Page("/docs/pricing", TestPages.Doc("Pricing", "Token-based billing applies to every model from December onwards, including the legacy ones.", "Refunds are handled by support."));
        _site.Status("/framework/allocation", 404);
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<CliRunner.Result> Cli(params string[] args) => CliRunner.RunAsync([.. args, "--catalog", CatalogPath, "--store", Path.Combine(_dir, "state.db")]);

    private static string[] Lines(string text) => text.Replace("\r", "").Split('\n');

    [Fact]
    public async Task The_table_lists_what_needs_attention_and_ends_with_the_summary_line()
    {
        var result = await Cli("check", Now);

        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = Lines(result.Stdout.TrimEnd());
        Assert.Contains("3 sources checked: 1 changed, 0 moved, 1 broken, 0 unreachable, 1 unchanged; 2 runbooks need review", lines);
        Assert.StartsWith("3 sources checked:", lines[^2]);
        Assert.Contains(lines, l => l.StartsWith("cometapi-pricing-documentation  changed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("finops-framework-allocation", StringComparison.Ordinal) && l.Contains("broken"));
        Assert.Contains("  - HTTP 404", lines);
        Assert.DoesNotContain("cometapi-help-center-escalations", result.Stdout);
        Assert.DoesNotContain("support-escalation-path", result.Stdout);
        Assert.Contains(lines, l => l.StartsWith("token-budget-quality-gate", StringComparison.Ordinal) && l.Contains("needs-review"));
        Assert.Contains("  - cometapi-pricing-documentation changed", lines);
        Assert.DoesNotContain("\e[", result.Stdout);

        var all = await Cli("check", "--all", Now);
        Assert.Contains(Lines(all.Stdout), l => l.StartsWith("cometapi-help-center-escalations", StringComparison.Ordinal) && l.Contains("unchanged"));
        Assert.Contains(Lines(all.Stdout), l => l.StartsWith("support-escalation-path", StringComparison.Ordinal) && l.Contains("current"));
    }

    [Fact]
    public async Task Tables_fit_80_columns_without_breaking_ids_or_statuses()
    {
        await Cli("check", "--json", Now);
        await Cli("review", "token-budget-quality-gate", "--reviewer", "lead", "--result", "fail", "--notes",
            "The per-call table was not updated, the escalation contact is gone and the refund paragraph contradicts the pricing page.", Now);

        var status = await Cli("status", "--now=2027-01-17T08:00:00Z");
        var check = await Cli("check", "--now=2027-01-17T08:00:00Z");

        foreach (var line in Lines(status.Stdout).Concat(Lines(check.Stdout)).Where(l => !l.Contains("sources checked:")))
        {
            Assert.True(line.Length <= 80, $"{line.Length} columns: {line}");
        }
        var statusLines = Lines(status.Stdout);
        Assert.Contains(statusLines, l => l.StartsWith("token-budget-quality-gate", StringComparison.Ordinal) && l.Contains("needs-review · overdue 47 d"));
        Assert.Contains(statusLines, l => l.StartsWith("cost-allocation-handoff", StringComparison.Ordinal) && l.Contains("needs-review · overdue 47 d"));
        Assert.Contains(statusLines, l => l.StartsWith("support-escalation-path", StringComparison.Ordinal) && l.Contains("overdue 47 d"));
        // Findings are lines under their row, wrapped at spaces.
        Assert.True(statusLines.Contains("  - failed review (2026-11-10): The per-call table was not updated, the"), status.Stdout);
        Assert.True(statusLines.Contains("    escalation contact is gone and the refund paragraph contradicts the pricing"), status.Stdout);
        Assert.True(statusLines.Contains("    page."), status.Stdout);
    }

    [Fact]
    public async Task Markdown_is_a_table_for_a_pr_comment_with_the_summary()
    {
        var check = await Cli("check", "--format", "markdown", Now);
        Assert.Equal(2, check.ExitCode);
        var lines = Lines(check.Stdout.TrimEnd());
        Assert.Contains("| Source | Outcome | HTTP | Detail |", lines);
        Assert.Contains("| --- | --- | --- | --- |", lines);
        Assert.Contains(lines, l => l.StartsWith("| finops-framework-allocation | broken | 404 | HTTP 404 |", StringComparison.Ordinal));
        Assert.Contains("| token-budget-quality-gate | needs-review | cometapi-pricing-documentation changed |", lines);
        Assert.Equal("**3 sources checked: 1 changed, 0 moved, 1 broken, 0 unreachable, 1 unchanged; 2 runbooks need review**", lines[^1]);

        var status = await Cli("status", "--format", "markdown", Now);
        Assert.Contains("| Runbook | Status | Owner | Last reviewed | Next review due | Findings |", Lines(status.Stdout));
        Assert.Contains(Lines(status.Stdout), l => l.StartsWith("| support-escalation-path | current | platform-cost-operator | 2026-11-01 | 2026-12-01 |", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Junit_has_a_test_case_per_source_and_per_runbook_failing_what_needs_review()
    {
        var check = await Cli("check", "--format", "junit", Now);
        Assert.Equal(2, check.ExitCode);
        var xml = XDocument.Parse(check.Stdout);
        var cases = xml.Descendants("testcase").ToList();
        Assert.Equal(3, cases.Count);
        Assert.All(cases, c => Assert.Equal("reviewcadence.sources", (string?)c.Attribute("classname")));
        Assert.Equal("changed", (string?)cases.Single(c => (string?)c.Attribute("name") == "cometapi-pricing-documentation").Element("failure")!.Attribute("type"));
        Assert.Equal("broken", (string?)cases.Single(c => (string?)c.Attribute("name") == "finops-framework-allocation").Element("failure")!.Attribute("type"));
        Assert.Null(cases.Single(c => (string?)c.Attribute("name") == "cometapi-help-center-escalations").Element("failure"));
        Assert.Equal("2", (string?)xml.Root!.Attribute("failures"));

        var status = await Cli("status", "--format", "junit", "--now=2026-12-05");
        var runbooks = XDocument.Parse(status.Stdout).Descendants("testcase").ToList();
        Assert.Equal(3, runbooks.Count);
        Assert.All(runbooks, c => Assert.Equal("reviewcadence.runbooks", (string?)c.Attribute("classname")));
        Assert.Equal("needs-review", (string?)runbooks.Single(c => (string?)c.Attribute("name") == "token-budget-quality-gate").Element("failure")!.Attribute("type"));
        var overdue = runbooks.Single(c => (string?)c.Attribute("name") == "support-escalation-path").Element("failure")!;
        Assert.Equal("overdue", (string?)overdue.Attribute("type"));
        Assert.Contains("overdue 4 d", (string?)overdue.Attribute("message"));
    }

    [Fact]
    public async Task Format_json_is_json_and_conflicting_or_unknown_formats_exit_1()
    {
        var json = await Cli("status", "--format", "json", Now);
        Assert.Equal(3, json.Json.GetProperty("runbooks").GetArrayLength());

        var both = await Cli("status", "--json", "--format", "markdown", Now);
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("--json means --format json", both.Stderr);
        Assert.Equal("", both.Stdout);

        var unknown = await Cli("check", "--format", "yaml", Now);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("--format must be table, json, markdown or junit", unknown.Stderr);
    }
}
