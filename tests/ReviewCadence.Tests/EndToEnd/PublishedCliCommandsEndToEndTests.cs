using System.Text.Json;
using System.Text.Json.Nodes;
using ReviewCadence.Tests.Infrastructure;
using static ReviewCadence.Tests.Import.ImportTestData;

namespace ReviewCadence.Tests.EndToEnd;

// The published executable (PublishedCliFixture: one publish per test run) running the commands beside check:
// remind (a webhook; every channel type) and serve run their end-to-end scenarios against it, import and the --json/--format outputs are compared
// byte for byte with the same command run in this process (whose output the other tests pin down).

/// <summary><see cref="RemindEndToEndTests"/> against the published executable: a signed webhook delivery to a local receiver, recorded.</summary>
[Collection(PublishedCliCollection.Name)]
public sealed class PublishedCliRemindEndToEndTests(PublishedCliFixture published) : RemindEndToEndTests
{
    private protected override Task<CliRunner.Result> RunCliAsync(params string[] args) =>
        published.Cli.RunAsync(new Dictionary<string, string>(), CancellationToken.None, args);
}

/// <summary><see cref="DeliveryIdEndToEndTests"/> against the published executable: Teams, Slack, webhook and e-mail (SMTP) deliveries.</summary>
[Collection(PublishedCliCollection.Name)]
public sealed class PublishedCliDeliveryIdEndToEndTests(PublishedCliFixture published) : DeliveryIdEndToEndTests
{
    private protected override Task<CliRunner.Result> RunCliAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        published.Cli.RunAsync(environment, CancellationToken.None, args);
}

/// <summary><see cref="ServeCommandEndToEndTests"/> against the published executable, stopped by SIGTERM.</summary>
[Collection(PublishedCliCollection.Name)]
public sealed class PublishedCliServeEndToEndTests(PublishedCliFixture published) : ServeCommandEndToEndTests
{
    private protected override Serving Start(params string[] args)
    {
        var process = CliProcess.Start(published.Cli.Executable, new Dictionary<string, string>(), args);
        return new Serving(() => process.HasExited, async () =>
        {
            using (process)
            {
                return await process.TerminateAsync(TimeSpan.FromSeconds(30));
            }
        });
    }
}

/// <summary>
/// <c>import</c> and the machine outputs of the published executable are the in-process CLI's, byte for byte: the
/// same import inputs as the import tests, and <c>status</c>, <c>history</c>, <c>diff</c>, <c>remind --dry-run</c>
/// (with <c>--now</c>) over one store that a published <c>check</c> filled.
/// </summary>
[Collection(PublishedCliCollection.Name)]
public sealed class PublishedCliOutputTests(PublishedCliFixture published) : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-published-output-").FullName;
    private TestSite _site = null!;

    private string CatalogPath => Path.Combine(_dir, "catalog.yaml");
    private string Store => Path.Combine(_dir, "state.db");

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        Pricing("Token-based billing applies to models with unified official pricing.");
        _site.Page("/docs/help", TestPages.Doc("Help center", "Contact support for abnormal charges and recharge questions.", "Maintenance notes are posted here."));
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
            owners:
              - id: ops
                notify:
                  - type: webhook
                    url: http://127.0.0.1:9/hooks/never-called
            runbooks:
              - id: budget-gate
                title: Token budget quality gate
                owner: ops
                cadenceDays: 30
                lastReviewed: 2026-11-01
                sources: [pricing, help]
              - id: support-path
                title: Support path
                owner: ops
                cadenceDays: 30
                lastReviewed: 2026-10-01
                sources: [help]
            """);
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        TempFolder.Delete(_dir);
    }

    private void Pricing(string billing) =>
        _site.Page("/docs/pricing", TestPages.Doc("Pricing", billing, "Per-call billing applies to models without official APIs."));

    private Task<CliRunner.Result> Published(params string[] args) =>
        published.Cli.RunAsync(new Dictionary<string, string>(), CancellationToken.None, args);

    public static TheoryData<string[]> ImportRuns => new()
    {
        new[] { "import", Runbook000, Runbook003, "--json" },
        new[] { "import", Messy, Runbook000, Runbook003 },
        new[] { "import", Path.GetDirectoryName(Runbook000)! },
        new[] { "import", Fixture("import", "titles"), "--json" },
        new[] { "import", Runbook000, Path.Combine(Path.GetTempPath(), "rc-no-such-runbook.md"), "--json" },
    };

    [Theory]
    [MemberData(nameof(ImportRuns))]
    public async Task Import_gives_what_the_in_process_cli_gives(string[] args)
    {
        var expected = await CliRunner.RunInProcessAsync(CancellationToken.None, args);
        Assert.True(expected.ExitCode is 0 or 2, expected.ToString());

        var actual = await Published(args);

        Assert.Equal(expected, actual);
        if (args.Contains("--json"))
        {
            Assert.True(actual.Json.GetProperty("runbooks").GetArrayLength() > 0, actual.ToString());
        }
    }

    [Fact]
    public async Task Import_against_a_catalog_file_gives_known_pages_their_ids_as_the_in_process_cli_does()
    {
        var catalog = Path.Combine(_dir, "cometapi.yaml");
        await File.WriteAllTextAsync(catalog, """
            sources:
              - id: cometapi-pricing-docs
                url: https://apidoc.cometapi.com/pricing/about-pricing
              - id: finops-allocation
                url: https://www.finops.org/framework/capabilities/allocation
            owners:
              - id: platform-cost-operator
            runbooks:
              - id: pricing-review
                title: Pricing review
                owner: platform-cost-operator
                sources: [cometapi-pricing-docs]
            """);
        string[] args = ["import", Runbook003, "--catalog", catalog, "--json"];

        var expected = await CliRunner.RunInProcessAsync(CancellationToken.None, args);
        var actual = await Published(args);

        Assert.True(actual.ExitCode == 0, actual.ToString());
        Assert.Equal(expected, actual);
        var ids = actual.Json.GetProperty("runbooks")[0].GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Contains("cometapi-pricing-docs", ids);
        Assert.Contains("finops-allocation", ids);
    }

    [Fact]
    public async Task Status_history_diff_and_remind_outputs_are_the_in_process_clis_byte_for_byte()
    {
        var first = await Published("check", "--json", "--catalog", CatalogPath, "--store", Store, "--now=2026-11-02T06:00:00Z");
        Assert.True(first.ExitCode == 0, first.ToString());
        Pricing("Token-based billing applies to every model from December.");
        var second = await Published("check", "--json", "--catalog", CatalogPath, "--store", Store, "--now=2026-11-03T06:00:00Z");
        Assert.True(second.ExitCode == 2, second.ToString());
        Assert.Equal("changed", second.Json.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "pricing").GetProperty("outcome").GetString());

        string[][] commands =
        [
            ["status", "--json", "--now=2026-11-20"],
            ["status", "--json", "--now=2027-01-17T08:00:00Z"],
            ["status", "budget-gate", "--json", "--now=2026-11-20"],
            ["status", "--format", "markdown", "--now=2026-11-20"],
            ["status", "--format", "junit", "--now=2026-11-20"],
            ["status", "--now=2026-11-20"],
            ["status", "budget-gate", "--now=2026-11-20"],
            ["history", "pricing", "--json"],
            ["history", "pricing"],
            ["diff", "pricing", "--json"],
            ["diff", "pricing"],
            ["remind", "--dry-run", "--json", "--now=2026-11-20T09:00:00Z"],
            ["status", "nope", "--json"],
        ];
        foreach (var command in commands)
        {
            string[] args = [.. command, "--catalog", CatalogPath, "--store", Store];
            var expected = await CliRunner.RunInProcessAsync(CancellationToken.None, args);
            var actual = await Published(args);

            Assert.True(expected == actual, $"reviewcadence {string.Join(' ', command)}:\nin process: {expected}\npublished: {actual}");
            if (command.Contains("--json") && actual.ExitCode != 1)
            {
                Assert.NotNull(JsonNode.Parse(actual.Stdout));
            }
        }

        // Not just equal: the published status says what happened.
        var status = await Published("status", "--json", "--now=2026-11-20", "--catalog", CatalogPath, "--store", Store);
        var gate = status.Json.GetProperty("runbooks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "budget-gate");
        Assert.Equal("needs-review", gate.GetProperty("status").GetString());
        Assert.Equal("changed", Assert.Single(gate.GetProperty("findings").EnumerateArray()).GetProperty("kind").GetString());
        var remind = await Published("remind", "--dry-run", "--json", "--now=2026-11-20T09:00:00Z", "--catalog", CatalogPath, "--store", Store);
        Assert.True(remind.Json.GetProperty("dryRun").GetBoolean());
        Assert.Equal("webhook#1", Assert.Single(remind.Json.GetProperty("sent").EnumerateArray()).GetProperty("channel").GetString());
    }

    [Fact]
    public async Task A_check_report_is_the_in_process_clis_but_for_its_run_id()
    {
        var inProcessStore = Path.Combine(_dir, "in-process.db");
        string[] check = ["check", "--json", "--catalog", CatalogPath, "--now=2026-11-02T06:00:00Z"];

        var expected = await CliRunner.RunInProcessAsync(CancellationToken.None, [.. check, "--store", inProcessStore]);
        var actual = await Published([.. check, "--store", Store]);

        Assert.True(actual.ExitCode == 0, actual.ToString());
        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.Equal(WithoutRunId(expected.Stdout), WithoutRunId(actual.Stdout));
        Assert.Equal(2, actual.Json.GetProperty("sources").GetArrayLength());
    }

    private static string WithoutRunId(string report)
    {
        var node = JsonNode.Parse(report)!.AsObject();
        Assert.False(string.IsNullOrEmpty(node["runId"]?.GetValue<string>()), report);
        node.Remove("runId");
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
