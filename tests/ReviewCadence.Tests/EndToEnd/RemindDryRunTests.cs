using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// <c>remind --dry-run</c> reports what would fail, naming settings the way users set them; it sends nothing. A live run
/// fails the same channels with the same words.
/// </summary>
public sealed class RemindDryRunTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-dryrun-").FullName;
    private TestSite _site = null!;

    private string CatalogPath => Path.Combine(_dir, "catalog.yaml");

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _site.Page("/hook", "ok", "text/plain");
        await File.WriteAllTextAsync(CatalogPath, $$"""
            settings:
              allowPrivateNetworks: true
            sources:
              - id: pricing
                url: {{_site.Url("/docs/pricing")}}
            owners:
              - id: ops
                notify:
                  - { type: teams, url: "${RC_TEST_UNSET_TEAMS_HOOK_4F1C}" }
                  - { type: email, to: "ops@example.com" }
                  - { type: webhook, url: "{{_site.Url("/hook")}}" }
            runbooks:
              - id: budget-gate
                title: Token budget quality gate
                owner: ops
                lastReviewed: 2026-10-01
                sources: [pricing]
            """);
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_dry_run_reports_an_unset_setting_and_an_email_channel_without_smtp_host_and_sends_nothing()
    {
        var result = await CliRunner.RunAsync("remind", "--dry-run", "--json", "--catalog", CatalogPath, "--store", Path.Combine(_dir, "state.db"), "--now=2026-11-20");

        Assert.True(result.ExitCode == 2, result.ToString());
        var failed = result.Json.GetProperty("failed").EnumerateArray().ToDictionary(f => f.GetProperty("channel").GetString()!, f => f.GetProperty("error").GetString()!);
        Assert.Contains("setting RC_TEST_UNSET_TEAMS_HOOK_4F1C is not configured", failed["teams#1"]);
        Assert.Contains("ReviewCadence__Smtp__Host", failed["email#2"]);
        var sent = Assert.Single(result.Json.GetProperty("sent").EnumerateArray());
        Assert.Equal("webhook#3", sent.GetProperty("channel").GetString());
        Assert.True(result.Json.GetProperty("dryRun").GetBoolean());
        Assert.Equal(0, _site.RequestCount("/hook"));
    }

    [Fact]
    public async Task A_live_run_fails_the_email_channel_without_smtp_host_naming_the_environment_variable_and_still_sends_the_rest()
    {
        var result = await CliRunner.RunAsync("remind", "--json", "--catalog", CatalogPath, "--store", Path.Combine(_dir, "state.db"), "--now=2026-11-20");

        Assert.True(result.ExitCode == 2, result.ToString());
        var failed = result.Json.GetProperty("failed").EnumerateArray().ToDictionary(f => f.GetProperty("channel").GetString()!, f => f.GetProperty("error").GetString()!);
        Assert.Equal("e-mail has no SMTP host: set ReviewCadence:Smtp:Host (environment variable ReviewCadence__Smtp__Host)", failed["email#2"]);
        Assert.Contains("setting RC_TEST_UNSET_TEAMS_HOOK_4F1C is not configured", failed["teams#1"]);
        var sent = Assert.Single(result.Json.GetProperty("sent").EnumerateArray());
        Assert.Equal("webhook#3", sent.GetProperty("channel").GetString());
        Assert.False(result.Json.GetProperty("dryRun").GetBoolean());
        Assert.Equal(1, _site.RequestCount("/hook"));
    }
}
