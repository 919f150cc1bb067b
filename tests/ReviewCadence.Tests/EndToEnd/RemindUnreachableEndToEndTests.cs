using System.Text.Json;
using ReviewCadence.Tests.Infrastructure;
using ReviewCadence.Tests.Notifications;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// An owner whose only channel refuses every digest (HTTP 500) is escalated as unreachable once <c>escalateAfter</c>
/// reminder runs in a row have reached none of their channels: <c>escalateTo</c>'s receiver gets a digest saying the
/// owner could not be reached, each run until the owner is reached again, which starts the count over. Through the
/// CLI's <c>remind</c> with <c>--now</c>, the count kept in the store: once per store implementation.
/// </summary>
public abstract class RemindUnreachableEndToEndTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-unreachable-").FullName;
    private RecordingReceiver _receiver = null!;
    private bool _ownerDown = true;

    private string Catalog => Path.Combine(_dir, "catalog.yaml");

    protected abstract string Store { get; }

    public virtual async Task InitializeAsync()
    {
        _receiver = await RecordingReceiver.StartAsync();
        _receiver.Respond = r => r.Path == "/hooks/ops" && _ownerDown ? (500, "down") : (200, "ok");
        await File.WriteAllTextAsync(Catalog, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
            reminders:
              repeatEveryDays: 1
              escalateAfter: 2
            sources:
              - id: pricing
                url: https://docs.example.com/pricing
            owners:
              - id: ops
                notify:
                  - {"{"} type: webhook, url: "{_receiver.Url("/hooks/ops")}" {"}"}
                escalateTo: finops-lead
              - id: finops-lead
                notify:
                  - {"{"} type: webhook, url: "{_receiver.Url("/hooks/lead")}" {"}"}
            runbooks:
              - id: budget-gate
                title: Token budget quality gate
                owner: ops
                cadenceDays: 30
                lastReviewed: 2026-09-01
                sources: [pricing]
            """);
    }

    public virtual async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task<CliRunner.Result> Remind(string day) => CliRunner.RunAsync("remind", "--json", $"--now={day}T09:00:00Z", "--catalog", Catalog, "--store", Store);

    private IReadOnlyList<ReceivedRequest> To(string path) => _receiver.Requests.Where(r => r.Path == path).ToList();

    [Fact]
    public async Task After_escalateAfter_runs_reaching_none_of_the_owners_channels_escalateTo_hears_the_owner_could_not_be_reached()
    {
        // Run 1: the owner's webhook refuses; one run is not yet "escalateAfter: 2 runs in a row".
        var first = await Remind("2026-11-02");
        Assert.True(first.ExitCode == 2, first.ToString());
        Assert.Equal("webhook#1", Assert.Single(first.Json.GetProperty("failed").EnumerateArray()).GetProperty("channel").GetString());
        Assert.Single(To("/hooks/ops"));
        Assert.Empty(To("/hooks/lead"));

        // Run 2: the second run in a row that reached none of the owner's channels: escalated as unreachable.
        var second = await Remind("2026-11-03");
        Assert.True(second.ExitCode == 2, second.ToString());
        var escalated = Assert.Single(second.Json.GetProperty("sent").EnumerateArray());
        Assert.Equal(("finops-lead", true), (escalated.GetProperty("owner").GetString(), escalated.GetProperty("escalation").GetBoolean()));
        var told = JsonDocument.Parse(Assert.Single(To("/hooks/lead")).BodyText).RootElement;
        Assert.Equal("ops", told.GetProperty("owner").GetString());
        Assert.True(told.GetProperty("escalation").GetBoolean());
        Assert.True(told.GetProperty("ownerUnreachable").GetBoolean());
        Assert.Equal(["budget-gate"], told.GetProperty("runbooks").EnumerateArray().Select(r => r.GetProperty("id").GetString()));

        // Run 3: still unreachable, so escalateTo hears again (a new delivery id: one more run failed).
        Assert.Equal(2, (await Remind("2026-11-04")).ExitCode);
        var lead = To("/hooks/lead");
        Assert.Equal(2, lead.Count);
        Assert.NotEqual(lead[0].Header("X-ReviewCadence-Delivery"), lead[1].Header("X-ReviewCadence-Delivery"));

        // Run 4: the owner's webhook is back; the owner is reached and escalateTo hears nothing.
        _ownerDown = false;
        var reached = await Remind("2026-11-05");
        Assert.True(reached.ExitCode == 0, reached.ToString());
        Assert.Equal("ops", Assert.Single(reached.Json.GetProperty("sent").EnumerateArray()).GetProperty("owner").GetString());
        Assert.Equal(2, To("/hooks/lead").Count);

        // Run 5: refused again: the count started over, one run is not enough to escalate.
        _ownerDown = true;
        Assert.Equal(2, (await Remind("2026-11-06")).ExitCode);
        Assert.Equal(2, To("/hooks/lead").Count);
        Assert.Equal(5, To("/hooks/ops").Count);
    }
}

public sealed class SqliteRemindUnreachableEndToEndTests : RemindUnreachableEndToEndTests
{
    protected override string Store { get; } = Path.Combine(Path.GetTempPath(), $"rc-unreachable-{Guid.NewGuid():n}", "state.db");
}

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteRemindUnreachableEndToEndTests(AzuriteFixture azurite) : RemindUnreachableEndToEndTests
{
    protected override string Store => azurite.ConnectionString;

    public override async Task InitializeAsync()
    {
        await AzuriteTables.DeleteCliTablesAsync(azurite.ConnectionString);
        await base.InitializeAsync();
    }
}
