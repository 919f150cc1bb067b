using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using ReviewCadence.Tests.Notifications;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// Delivery ids as receivers meet them, through the real <c>reviewcadence remind</c> (a child process, because the SMTP
/// settings come from the environment): a digest that failed everywhere is sent again next run with the same
/// <c>X-ReviewCadence-Delivery</c> on every channel (Teams, Slack, webhook header and body, e-mail header and
/// Message-ID); the next reminder is another delivery with another id. Against the published executable (every
/// channel's payload serialized natively) in <see cref="PublishedCliDeliveryIdEndToEndTests"/>.
/// </summary>
public class DeliveryIdEndToEndTests : IAsyncLifetime
{
    private const string Header = "X-ReviewCadence-Delivery";
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-delivery-").FullName;
    private RecordingReceiver _receiver = null!;

    private string CatalogPath => Path.Combine(_dir, "catalog.yaml");
    private string Store => Path.Combine(_dir, "state.db");

    public async Task InitializeAsync()
    {
        _receiver = await RecordingReceiver.StartAsync();
        await File.WriteAllTextAsync(CatalogPath, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
              timeoutSeconds: 10
            reminders:
              repeatEveryDays: 3
            sources:
              - id: pricing
                url: https://docs.example.com/pricing
            owners:
              - id: ops
                notify:
                  - {"{"} type: teams, url: "{_receiver.Url("/teams")}" {"}"}
                  - {"{"} type: slack, url: "{_receiver.Url("/slack")}" {"}"}
                  - {"{"} type: webhook, url: "{_receiver.Url("/hook")}" {"}"}
                  - {"{"} type: email, to: ops@example.com {"}"}
            runbooks:
              - id: r1
                title: Runbook one
                owner: ops
                cadenceDays: 30
                lastReviewed: 2026-10-01
                sources: [pricing]
            """);
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Runs <c>reviewcadence</c> in a child process with extra environment variables: this build's, or (in a subclass) the published one.</summary>
    private protected virtual Task<CliRunner.Result> RunCliAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        CliProcess.RunAsync(environment, args);

    private Task<CliRunner.Result> RemindAsync(int smtpPort, string now) => RunCliAsync(
        new Dictionary<string, string>
        {
            ["ReviewCadence__Smtp__Host"] = "127.0.0.1",
            ["ReviewCadence__Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["ReviewCadence__Smtp__Security"] = "None",
            ["ReviewCadence__Smtp__From"] = "ReviewCadence <reminders@example.com>",
        },
        "remind", "--catalog", CatalogPath, "--store", Store, "--json", "--now", now);

    [Fact]
    public async Task A_digest_sent_again_carries_the_same_delivery_id_on_every_channel_and_the_next_reminder_another()
    {
        await using var smtp = new SmtpTestServer();

        // Every channel fails: the HTTP receivers answer 500, nothing listens on the SMTP port. Nothing is counted.
        _receiver.Respond = _ => (500, null);
        var failed = await RemindAsync(ClosedPort(), "2026-11-23T09:00:00Z");
        Assert.True(failed.ExitCode == 2, failed.ToString());
        Assert.Equal(4, failed.Json.GetProperty("failed").GetArrayLength());
        var firstAttempt = _receiver.Requests.ToList();
        Assert.Equal(3, firstAttempt.Count);

        // The next run, a day later, sends the same digest again, and this time it arrives.
        _receiver.Respond = _ => (200, "ok");
        var retried = await RemindAsync(smtp.Port, "2026-11-24T09:00:00Z");
        Assert.True(retried.ExitCode == 0, retried.ToString());
        Assert.Equal(4, retried.Json.GetProperty("sent").GetArrayLength());
        var secondAttempt = _receiver.Requests.Skip(3).ToList();

        var id = firstAttempt[0].Header(Header);
        Assert.Matches("^rcd_[0-9a-f]{32}$", id);
        Assert.All(firstAttempt.Concat(secondAttempt), r => Assert.Equal(id, r.Header(Header)));
        // The run's report names the id each channel was sent, for matching a receiver's log to a run.
        Assert.All(retried.Json.GetProperty("sent").EnumerateArray(), s => Assert.Equal(id, s.GetProperty("deliveryId").GetString()));
        Assert.Equal(["/hook", "/slack", "/teams"], secondAttempt.Select(r => r.Path).Order());
        Assert.All(firstAttempt.Concat(secondAttempt).Where(r => r.Path == "/hook"), r => Assert.Contains($"\"deliveryId\":\"{id}\"", r.BodyText));
        var mail = await MimeMessage.LoadAsync(new MemoryStream(Assert.Single(smtp.Messages).Data));
        Assert.Equal($"{id}@example.com", mail.MessageId);
        Assert.Equal(id, mail.Headers[Header]);

        // Three days on, the second reminder of the same runbook is news: another id, on every channel.
        var repeat = await RemindAsync(smtp.Port, "2026-11-27T09:00:00Z");
        Assert.True(repeat.ExitCode == 0, repeat.ToString());
        var third = _receiver.Requests.Skip(6).ToList();
        Assert.Equal(3, third.Count);
        var next = third[0].Header(Header);
        Assert.NotEqual(id, next);
        Assert.All(third, r => Assert.Equal(next, r.Header(Header)));
        Assert.Equal($"{next}@example.com", (await MimeMessage.LoadAsync(new MemoryStream(smtp.Messages[1].Data))).MessageId);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
