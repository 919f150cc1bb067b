using System.Security.Cryptography;
using System.Text;
using ReviewCadence.Tests.Infrastructure;
using ReviewCadence.Tests.Notifications;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// <c>reviewcadence remind</c> end to end: check flags a runbook, the owner's signed webhook hears of it once.
/// In-process here; against the published executable in <see cref="PublishedCliRemindEndToEndTests"/>.
/// </summary>
public class RemindEndToEndTests : IAsyncLifetime
{
    private const string Secret = "hook-secret-7d2e";
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-remind-").FullName;
    private TestSite _site = null!;
    private RecordingReceiver _hook = null!;

    private string Catalog => Path.Combine(_dir, "catalog.yaml");
    private string Store => Path.Combine(_dir, "state.db");

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _hook = await RecordingReceiver.StartAsync();
        _site.Page("/pricing", TestPages.Doc("Pricing", "Token-based billing applies to every model.", "Volume pricing is available on request."));
        await File.WriteAllTextAsync(Catalog, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
            reminders:
              repeatEveryDays: 3
            sources:
              - id: pricing
                url: {_site.Url("/pricing")}
            owners:
              - id: ops
                notify:
                  - type: webhook
                    url: {_hook.Url("/hooks/token-abc123")}
                    secret: {Secret}
            runbooks:
              - id: budget-gate
                title: Token budget quality gate
                owner: ops
                lastReviewed: 2026-11-20
                sources: [pricing]
            """);
    }

    public async Task DisposeAsync()
    {
        await _hook.DisposeAsync();
        await _site.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<CliRunner.Result> Cli(params string[] args) => RunCliAsync([.. args, "--catalog", Catalog, "--store", Store]);

    /// <summary>Runs one <c>reviewcadence</c> command: in-process here, the published executable in a subclass.</summary>
    private protected virtual Task<CliRunner.Result> RunCliAsync(params string[] args) => CliRunner.RunAsync(args);

    [Fact]
    public async Task An_owner_is_reminded_once_per_window_failures_exit_2_and_are_retried()
    {
        Assert.Equal(0, (await Cli("check", "--json", "--now=2026-11-23T06:00:00Z")).ExitCode);
        _site.Page("/pricing", TestPages.Doc("Pricing", "Token-based billing applies to every model.", "Volume pricing was withdrawn."));
        Assert.Equal(2, (await Cli("check", "--json", "--now=2026-11-23T06:00:00Z")).ExitCode);

        var first = await Cli("remind", "--json", "--now=2026-11-23T09:00:00Z");
        Assert.True(first.ExitCode == 0, first.ToString());
        var sent = Assert.Single(first.Json.GetProperty("sent").EnumerateArray());
        Assert.Equal("ops", sent.GetProperty("owner").GetString());
        Assert.Equal("webhook#1", sent.GetProperty("channel").GetString());
        Assert.Equal(["budget-gate"], sent.GetProperty("runbooks").EnumerateArray().Select(r => r.GetString()));
        var request = Assert.Single(_hook.Requests);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body));
        Assert.Equal(expected, request.Header("X-ReviewCadence-Signature"));
        Assert.Contains("needs-review", request.BodyText);

        var again = await Cli("remind", "--json", "--now=2026-11-23T09:00:00Z");
        Assert.Equal(0, again.ExitCode);
        Assert.Empty(again.Json.GetProperty("sent").EnumerateArray());
        Assert.Single(_hook.Requests);

        var preview = await Cli("remind", "--json", "--dry-run", "--now=2026-11-27T09:00:00Z");
        Assert.Single(preview.Json.GetProperty("sent").EnumerateArray());
        Assert.Single(_hook.Requests);

        _hook.Respond = _ => (500, "down");
        var failing = await Cli("remind", "--json", "--now=2026-11-27T09:00:00Z");
        Assert.True(failing.ExitCode == 2, failing.ToString());
        var failure = Assert.Single(failing.Json.GetProperty("failed").EnumerateArray());
        Assert.Equal("webhook#1", failure.GetProperty("channel").GetString());
        Assert.DoesNotContain("token-abc123", failing.Stdout + failing.Stderr);

        _hook.Respond = _ => (200, "ok");
        var retried = await Cli("remind", "--json", "--now=2026-11-27T09:00:00Z");
        Assert.Equal(0, retried.ExitCode);
        Assert.Single(retried.Json.GetProperty("sent").EnumerateArray());

        var table = await Cli("remind", "--now=2026-11-27T09:00:00Z");
        Assert.Contains("Nothing to send", table.Stdout);
    }
}
