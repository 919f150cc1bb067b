using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using ReviewCadence.Catalog;
using ReviewCadence.Notifications;
using ReviewCadence.Reminders;
using ReviewCadence.Runbooks;
using ReviewCadence.Storage;
using ReviewCadence.Storage.Sqlite;
using ReviewCadence.Tests.Notifications;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Reminders;

/// <summary>Reminder runs end to end: a real SQLite store, real channels posting to Kestrel receivers on loopback.</summary>
public sealed class ReminderRunnerTests : IAsyncLifetime
{
    private const string SlackSecretPath = "services/T0FAKE/B0FAKE/xoxb-fake-slack-token-31337";
    private static readonly DateTimeOffset Day0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly string _directory = Directory.CreateTempSubdirectory("reviewcadence-remind-").FullName;
    private readonly FakeTimeProvider _clock = new(Day0);
    private SqliteReviewStore _store = null!;
    private RecordingReceiver _platformHook = null!;
    private RecordingReceiver _slack = null!;
    private RecordingReceiver _leadHook = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteReviewStore(Path.Combine(_directory, "state.db"));
        await _store.InitializeAsync(Ct);
        _platformHook = await RecordingReceiver.StartAsync();
        _slack = await RecordingReceiver.StartAsync();
        _leadHook = await RecordingReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _platformHook.DisposeAsync();
        await _slack.DisposeAsync();
        await _leadHook.DisposeAsync();
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static ReviewCatalog Catalog(int repeatEveryDays = 3, int escalateAfter = 3, bool allowPrivateNetworks = true) => CatalogLoader.Parse($$"""
        settings:
          allowPrivateNetworks: {{(allowPrivateNetworks ? "true" : "false")}}
          timeoutSeconds: 5
        reminders:
          repeatEveryDays: {{repeatEveryDays}}
          dueSoonDays: 7
          escalateAfter: {{escalateAfter}}
        sources:
          - id: cometapi-pricing-docs
            url: https://apidoc.cometapi.com/pricing/about-pricing
            title: CometAPI pricing documentation
        owners:
          - id: platform-cost-operator
            notify:
              - { type: teams, url: "${TEAMS_WEBHOOK_PLATFORM}" }
              - { type: webhook, url: "${PLATFORM_HOOK_URL}", secret: "${PLATFORM_HOOK_SECRET}" }
            escalateTo: finops-lead
          - id: finops-budget-owner
            notify:
              - { type: slack, url: "${SLACK_WEBHOOK_FINOPS}" }
          - id: finops-lead
            notify:
              - { type: webhook, url: "${LEAD_HOOK_URL}" }
        runbooks:
          - id: token-budget-quality-gate
            title: AI API token budget runbook quality gate
            owner: platform-cost-operator
            cadenceDays: 30
            lastReviewed: 2026-10-01
            sources: [cometapi-pricing-docs]
          - id: budget-allocation
            title: Budget allocation
            owner: finops-budget-owner
            cadenceDays: 30
            lastReviewed: 2026-09-01
            sources: [cometapi-pricing-docs]
          - id: quiet-runbook
            title: Recently reviewed
            owner: finops-budget-owner
            cadenceDays: 90
            lastReviewed: 2026-10-30
            sources: [cometapi-pricing-docs]
        """, "catalog.yaml");

    private NotificationTestHost Host(bool teamsConfigured = true, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["PLATFORM_HOOK_URL"] = _platformHook.Url("hooks/platform"),
            ["PLATFORM_HOOK_SECRET"] = "platform-hook-secret",
            ["SLACK_WEBHOOK_FINOPS"] = _slack.Url(SlackSecretPath),
            ["LEAD_HOOK_URL"] = _leadHook.Url("hooks/lead"),
        };
        if (teamsConfigured)
        {
            // Teams and the platform webhook share a receiver; the path tells them apart.
            settings["TEAMS_WEBHOOK_PLATFORM"] = _platformHook.Url("workflows/teams?sig=fake-teams-signature");
        }
        return new NotificationTestHost(settings, services =>
        {
            services.AddSingleton<IReviewStore>(_store);
            services.AddSingleton<TimeProvider>(_clock);
            services.AddSingleton(new LeaseClock(_clock));
            configure?.Invoke(services);
        });
    }

    private static ReminderRunner Runner(NotificationTestHost host) => host.Services.GetRequiredService<ReminderRunner>();

    [Fact]
    public async Task A_failing_channel_is_reported_the_other_owners_are_delivered_and_it_is_retried_next_run()
    {
        _slack.Respond = _ => (500, null);
        await using var host = Host();
        var catalog = Catalog();

        var first = await Runner(host).RunAsync(catalog, dryRun: false, Ct);

        Assert.Equal(
            [("platform-cost-operator", "teams#1", false, "token-budget-quality-gate"), ("platform-cost-operator", "webhook#2", false, "token-budget-quality-gate")],
            first.Sent.Select(s => (s.Owner, s.Channel, s.Escalation, string.Join(",", s.Runbooks))));
        var failure = Assert.Single(first.Failed);
        Assert.Equal(("finops-budget-owner", "slack#1", "the receiver answered HTTP 500 (Internal Server Error)"), (failure.Owner, failure.Channel, failure.Error));
        Assert.True(first.HasFailures);
        Assert.Equal(2, _platformHook.Requests.Count);

        var deliveries = await _store.GetDeliveriesAsync(null, Ct);
        Assert.Equal(3, deliveries.Count);
        var failed = Assert.Single(deliveries, d => !d.Succeeded);
        Assert.Equal(("finops-budget-owner", "slack#1", Day0), (failed.OwnerId, failed.Channel, failed.SentAt));
        Assert.Equal(["budget-allocation"], failed.RunbookIds);
        Assert.Equal(failure.Error, failed.Error);
        Assert.Empty(await _store.GetReminderStatesAsync("finops-budget-owner", Ct));
        Assert.Equal(1, Assert.Single(await _store.GetReminderStatesAsync("platform-cost-operator", Ct)).Count);

        // Secrets: neither the Slack URL's token path nor the Teams signature appears anywhere users or logs see.
        var json = ReviewCadenceJson.Serialize(first);
        foreach (var secret in new[] { "xoxb-fake-slack-token", "fake-teams-signature", "platform-hook-secret", _slack.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/services" })
        {
            Assert.DoesNotContain(secret, json);
            Assert.DoesNotContain(secret, host.Logs.AllText);
            Assert.DoesNotContain(deliveries, d => (d.Error ?? "").Contains(secret, StringComparison.Ordinal));
        }
        Assert.Contains(host.Logs.Lines, l => l.Contains("slack#1 failed: the receiver answered HTTP 500", StringComparison.Ordinal));

        // Next run, an hour later: the platform owner is within the repeat window; the failed digest is retried.
        _slack.Respond = _ => (200, "ok");
        _clock.Advance(TimeSpan.FromHours(1));
        var second = await Runner(host).RunAsync(catalog, dryRun: false, Ct);
        var retried = Assert.Single(second.Sent);
        Assert.Equal(("finops-budget-owner", "slack#1", "budget-allocation"), (retried.Owner, retried.Channel, Assert.Single(retried.Runbooks)));
        Assert.Empty(second.Failed);
        Assert.Equal(2, _slack.Requests.Count);

        // And once more at the same moment: nothing to send.
        var third = await Runner(host).RunAsync(catalog, dryRun: false, Ct);
        Assert.Empty(third.Sent);
        Assert.Empty(third.Failed);
        Assert.Equal(2, _slack.Requests.Count);
    }

    [Fact]
    public async Task A_missing_setting_fails_only_that_channel_and_the_owner_still_counts_as_reminded()
    {
        await using var host = Host(teamsConfigured: false);
        var report = await Runner(host).RunAsync(Catalog(), dryRun: false, Ct);

        var failure = Assert.Single(report.Failed);
        Assert.Equal(("platform-cost-operator", "teams#1", "setting TEAMS_WEBHOOK_PLATFORM is not configured"), (failure.Owner, failure.Channel, failure.Error));
        Assert.Contains(report.Sent, s => (s.Owner, s.Channel) == ("platform-cost-operator", "webhook#2"));
        Assert.Contains(report.Sent, s => (s.Owner, s.Channel) == ("finops-budget-owner", "slack#1"));
        Assert.Single(await _store.GetReminderStatesAsync("platform-cost-operator", Ct));

        // The webhook receiver got the signed payload despite its sibling channel failing.
        var hook = Assert.Single(_platformHook.Requests);
        Assert.Equal(WebhookChannel.Signature("platform-hook-secret", hook.Body), hook.Header(WebhookChannel.SignatureHeader));
    }

    [Fact]
    public async Task The_report_serialises_as_remind_json()
    {
        _slack.Respond = _ => (404, "no_service");
        await using var host = Host();
        var report = await Runner(host).RunAsync(Catalog(), dryRun: false, Ct);

        using var json = JsonDocument.Parse(ReviewCadenceJson.Serialize(report));
        var root = json.RootElement;
        Assert.Equal(["sent", "failed", "dryRun"], root.EnumerateObject().Select(p => p.Name));
        Assert.False(root.GetProperty("dryRun").GetBoolean());
        var sent = root.GetProperty("sent")[0];
        Assert.Equal(["owner", "channel", "escalation", "runbooks", "deliveryId"], sent.EnumerateObject().Select(p => p.Name));
        Assert.Matches("^rcd_[0-9a-f]{32}$", sent.GetProperty("deliveryId").GetString());
        Assert.Equal("teams#1", sent.GetProperty("channel").GetString());
        Assert.Equal(["token-budget-quality-gate"], sent.GetProperty("runbooks").EnumerateArray().Select(r => r.GetString()));
        var failed = root.GetProperty("failed")[0];
        Assert.Equal(["owner", "channel", "error"], failed.EnumerateObject().Select(p => p.Name));
        Assert.Equal("the receiver answered HTTP 404 (Not Found): no_service", failed.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_be_sent_and_sends_and_records_nothing()
    {
        await using var host = Host();
        var catalog = Catalog();

        var dry = await Runner(host).RunAsync(catalog, dryRun: true, Ct);

        Assert.True(dry.DryRun);
        Assert.Equal(
            [("platform-cost-operator", "teams#1"), ("platform-cost-operator", "webhook#2"), ("finops-budget-owner", "slack#1")],
            dry.Sent.Select(s => (s.Owner, s.Channel)));
        Assert.Empty(_platformHook.Requests);
        Assert.Empty(_slack.Requests);
        Assert.Empty(await _store.GetDeliveriesAsync(null, Ct));
        Assert.Empty(await _store.GetReminderStatesAsync("platform-cost-operator", Ct));

        // Nothing was recorded, so the real run sends the same.
        var real = await Runner(host).RunAsync(catalog, dryRun: false, Ct);
        Assert.Equal(dry.Sent, real.Sent, (a, b) => (a.Owner, a.Channel, a.Escalation) == (b.Owner, b.Channel, b.Escalation) && a.Runbooks.SequenceEqual(b.Runbooks));
    }

    [Fact]
    public async Task After_escalateAfter_reminders_the_escalation_owner_is_told_too()
    {
        await using var host = Host();
        var catalog = Catalog(repeatEveryDays: 1, escalateAfter: 2);
        for (var day = 0; day < 2; day++)
        {
            var report = await Runner(host).RunAsync(catalog, dryRun: false, Ct);
            Assert.DoesNotContain(report.Sent, s => s.Escalation);
            _clock.Advance(TimeSpan.FromDays(1));
        }
        Assert.Empty(_leadHook.Requests);

        var third = await Runner(host).RunAsync(catalog, dryRun: false, Ct);

        var escalated = Assert.Single(third.Sent, s => s.Escalation);
        Assert.Equal(("finops-lead", "webhook#1", "token-budget-quality-gate"), (escalated.Owner, escalated.Channel, Assert.Single(escalated.Runbooks)));
        using var payload = JsonDocument.Parse(Assert.Single(_leadHook.Requests).Body);
        Assert.True(payload.RootElement.GetProperty("escalation").GetBoolean());
        Assert.Equal("platform-cost-operator", payload.RootElement.GetProperty("owner").GetString());
        Assert.Contains(await _store.GetDeliveriesAsync("finops-lead", Ct), d => d.Escalation && d.Succeeded);
    }

    [Fact]
    public async Task A_finding_is_reminded_with_its_reason_and_a_review_ends_the_reminders()
    {
        await _store.SaveCitationsAsync([new Citation
        {
            SourceId = "cometapi-pricing-docs",
            RunbookId = "token-budget-quality-gate",
            BaselineFingerprint = "before",
            Finding = FindingKind.Changed,
            DetectedAt = Day0.AddDays(-1),
            FindingDetail = "Volume pricing: section removed",
            FindingUrl = "https://apidoc.cometapi.com/pricing/about-pricing",
        }], Ct);
        await using var host = Host();
        var catalog = Catalog(repeatEveryDays: 1);

        await Runner(host).RunAsync(catalog, dryRun: false, Ct);
        var webhook = _platformHook.Requests.Single(r => r.Path == "/hooks/platform");
        using (var payload = JsonDocument.Parse(webhook.Body))
        {
            var runbook = payload.RootElement.GetProperty("runbooks")[0];
            Assert.Equal("needs-review", runbook.GetProperty("status").GetString());
            Assert.Equal("Volume pricing: section removed", runbook.GetProperty("findings")[0].GetProperty("detail").GetString());
        }
        var teams = _platformHook.Requests.Single(r => r.Path == "/workflows/teams");
        Assert.Contains("Volume pricing: section removed", teams.BodyText);

        _clock.Advance(TimeSpan.FromHours(2));
        await new ReviewRecorder(_store, _clock).RecordAsync(catalog, new ReviewInput("token-budget-quality-gate", "platform-cost-operator"), Ct);
        _clock.Advance(TimeSpan.FromDays(5));

        var after = await Runner(host).RunAsync(catalog, dryRun: false, Ct);
        Assert.DoesNotContain(after.Sent, s => s.Runbooks.Contains("token-budget-quality-gate"));
    }

    [Fact]
    public async Task A_second_run_while_one_holds_the_lease_is_refused()
    {
        await using var host = Host();
        var lease = await _store.TryAcquireLeaseAsync(ReminderRunner.LeaseName, "other-host", Day0, TimeSpan.FromMinutes(5), Ct);
        Assert.NotNull(lease);

        var error = await Assert.ThrowsAsync<ReminderRunInProgressException>(() => Runner(host).RunAsync(Catalog(), dryRun: false, Ct));
        Assert.StartsWith("a reminder run is already running (held by an earlier version's run until", error.Message);
        Assert.EndsWith("run `reviewcadence unlock --reminders`", error.Message);
        Assert.Empty(_platformHook.Requests);

        // A dry run takes no lease; once the other run is done, a real run goes ahead and releases its lease.
        Assert.NotEmpty((await Runner(host).RunAsync(Catalog(), dryRun: true, Ct)).Sent);
        await _store.ReleaseLeaseAsync(lease, Ct);
        Assert.NotEmpty((await Runner(host).RunAsync(Catalog(), dryRun: false, Ct)).Sent);
        Assert.NotNull(await _store.TryAcquireLeaseAsync(ReminderRunner.LeaseName, "next", Day0, TimeSpan.FromMinutes(5), Ct));
    }

    [Fact]
    public async Task Unless_the_catalog_allows_private_networks_loopback_webhooks_are_refused()
    {
        await using var host = Host();
        var report = await Runner(host).RunAsync(Catalog(allowPrivateNetworks: false), dryRun: false, Ct);

        Assert.Empty(report.Sent);
        Assert.Equal(["teams#1", "webhook#2", "slack#1"], report.Failed.Select(f => f.Channel));
        Assert.All(report.Failed, f => Assert.Equal("refused: resolves to a private/loopback address (set allowPrivateNetworks to allow)", f.Error));
        Assert.Empty(_platformHook.Requests);
        Assert.Empty(_slack.Requests);
    }

    [Fact]
    public async Task An_owner_without_channels_is_reported_as_failed()
    {
        await using var host = Host();
        var catalog = Catalog();
        catalog = catalog with { Owners = catalog.Owners.Select(o => o.Id == "finops-budget-owner" ? o with { Notify = [] } : o).ToList() };

        var report = await Runner(host).RunAsync(catalog, dryRun: false, Ct);

        var failure = Assert.Single(report.Failed);
        Assert.Equal(("finops-budget-owner", ReminderRunner.NoChannelLabel), (failure.Owner, failure.Channel));
        Assert.Equal("owner 'finops-budget-owner' has no notify channels in the catalog", failure.Error);
        Assert.Empty(await _store.GetReminderStatesAsync("finops-budget-owner", Ct));
    }

    [Fact]
    public async Task An_unexpected_channel_exception_is_reported_by_type_only_and_other_channels_go_on()
    {
        var teams = new Mock<INotificationChannel>();
        teams.SetupGet(c => c.Type).Returns("teams");
        teams.Setup(c => c.SendAsync(It.IsAny<ReminderDigest>(), It.IsAny<ChannelDefinition>(), It.IsAny<NotificationContext>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("boom at https://prod.example.com/workflows/secret-path"));
        await using var host = Host(configure: services =>
        {
            services.RemoveAll<INotificationChannel>();
            services.AddSingleton(teams.Object);
            services.AddSingleton<INotificationChannel, WebhookChannel>();
            services.AddSingleton<INotificationChannel, SlackChannel>();
        });

        var report = await Runner(host).RunAsync(Catalog(), dryRun: false, Ct);

        var failure = Assert.Single(report.Failed);
        Assert.Equal(("teams#1", "failed unexpectedly (InvalidOperationException)"), (failure.Channel, failure.Error));
        Assert.Equal(2, report.Sent.Count);
        Assert.DoesNotContain("secret-path", host.Logs.AllText);
        teams.Verify(c => c.SendAsync(
            It.Is<ReminderDigest>(d => d.OwnerId == "platform-cost-operator" && !d.Escalation),
            It.Is<ChannelDefinition>(c => c.Type == "teams"),
            It.Is<NotificationContext>(x => x.Label == "teams#1" && x.AllowPrivateNetworks && x.Timeout == TimeSpan.FromSeconds(5)),
            It.IsAny<CancellationToken>()), Times.Once);
    }
}
