using System.Net;
using System.Net.Sockets;
using ReviewCadence.Notifications;
using ReviewCadence.Reminders;

namespace ReviewCadence.Tests.Notifications;

/// <summary>Failures of the HTTP channels: reported by status or error kind, never with the URL, never followed elsewhere.</summary>
public class HttpChannelFailureTests
{
    // A Slack-style URL whose path is the credential.
    private const string SecretPath = "services/T0FAKE/B0FAKE/xoxb-fake-secret-token-4711";

    [Theory]
    [InlineData("teams")]
    [InlineData("slack")]
    [InlineData("webhook")]
    public async Task A_500_is_reported_by_status_and_the_url_never_reaches_the_error_or_the_logs(string type)
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        receiver.Respond = _ => (500, "internal error at " + SecretPath);
        var url = receiver.Url(SecretPath + "?sig=fake-signature");
        await using var host = new NotificationTestHost(new Dictionary<string, string?> { ["HOOK"] = url });

        var error = await Assert.ThrowsAsync<NotificationFailedException>(() =>
            host.SendAsync(type, NotificationTestHost.Digest(), NotificationTestHost.Entry(type, ("url", "${HOOK}"))));

        Assert.Single(receiver.Requests);
        Assert.Equal("the receiver answered HTTP 500 (Internal Server Error)", error.Message);
        Assert.DoesNotContain("xoxb-fake-secret-token", error.ToString());
        Assert.DoesNotContain("xoxb-fake-secret-token", host.Logs.AllText);
        Assert.DoesNotContain("fake-signature", host.Logs.AllText);
    }

    [Fact]
    public async Task A_refused_connection_is_reported_without_the_url()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var host = new NotificationTestHost();

        var error = await Assert.ThrowsAsync<NotificationFailedException>(() => host.SendAsync("slack", NotificationTestHost.Digest(),
            NotificationTestHost.Entry("slack", ("url", $"http://127.0.0.1:{port}/{SecretPath}"))));

        Assert.Equal("could not deliver: the connection failed", error.Message);
        Assert.DoesNotContain("xoxb", host.Logs.AllText);
    }

    [Theory]
    [InlineData("teams")]
    [InlineData("slack")]
    [InlineData("webhook")]
    public async Task Unless_the_catalog_allows_private_networks_a_loopback_receiver_is_refused(string type)
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var host = new NotificationTestHost();

        var error = await Assert.ThrowsAsync<NotificationFailedException>(() => host.SendAsync(type, NotificationTestHost.Digest(),
            NotificationTestHost.Entry(type, ("url", receiver.Url(SecretPath))), allowPrivateNetworks: false));

        Assert.Equal("refused: resolves to a private/loopback address (set allowPrivateNetworks to allow)", error.Message);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        receiver.Respond = request => request.Path == "/elsewhere" ? (200, "ok") : (307, null);
        await using var host = new NotificationTestHost();

        var error = await Assert.ThrowsAsync<NotificationFailedException>(() => host.SendAsync("teams", NotificationTestHost.Digest(),
            NotificationTestHost.Entry("teams", ("url", receiver.Url("workflow")))));

        Assert.Equal("the receiver answered HTTP 307 (Temporary Redirect)", error.Message);
        Assert.Equal(["/workflow"], receiver.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_fails_by_timeout()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        receiver.Respond = _ =>
        {
            Thread.Sleep(TimeSpan.FromSeconds(3));
            return (200, null);
        };
        await using var host = new NotificationTestHost();
        var digest = NotificationTestHost.Digest();
        var content = ReminderContent.Build(digest, NotificationTestHost.Catalog(), null);
        var context = new NotificationContext("webhook#1", content, AllowPrivateNetworks: true, TimeSpan.FromMilliseconds(300), digest.DeliveryId);

        var error = await Assert.ThrowsAsync<NotificationFailedException>(() =>
            host.Channel("webhook").SendAsync(digest, NotificationTestHost.Entry("webhook", ("url", receiver.Url("slow"))), context, CancellationToken.None));
        Assert.Equal("no answer within 0.3 seconds", error.Message);
    }
}
