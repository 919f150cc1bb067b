using MimeKit;

namespace ReviewCadence.Tests.Notifications;

/// <summary>
/// What every channel puts on the wire, seen by real receivers: a buffered body with its Content-Length (never
/// chunked, dotnet/runtime#49357), and, with a public base URL, a link to the dashboard opened on each runbook.
/// </summary>
public class DeliveryBodyTests
{
    private static readonly Uri PublicBase = new("https://reviewcadence.example.com");
    private const string GateLink = "https://reviewcadence.example.com/api/dashboard#runbook=token-budget-quality-gate";

    [Theory]
    [InlineData("teams")]
    [InlineData("slack")]
    [InlineData("webhook")]
    public async Task Http_channels_post_a_body_with_its_content_length_and_no_chunking(string type)
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var host = new NotificationTestHost(new Dictionary<string, string?> { ["HOOK"] = receiver.Url("hook"), ["SECRET"] = "s3cret" });
        var entry = type == "webhook"
            ? NotificationTestHost.Entry(type, ("url", "${HOOK}"), ("secret", "${SECRET}"))
            : NotificationTestHost.Entry(type, ("url", "${HOOK}"));

        await host.SendAsync(type, NotificationTestHost.Digest(), entry, publicBaseUrl: PublicBase);

        var request = Assert.Single(receiver.Requests);
        Assert.True(request.Body.Length > 100);
        Assert.Equal(request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Header("Content-Length"));
        Assert.Null(request.Header("Transfer-Encoding"));
        Assert.StartsWith("application/json", request.Header("Content-Type"));
    }

    [Theory]
    [InlineData("teams")]
    [InlineData("slack")]
    public async Task Teams_and_slack_link_each_runbook_to_the_dashboard_ready_to_review(string type)
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var host = new NotificationTestHost(new Dictionary<string, string?> { ["HOOK"] = receiver.Url("hook") });

        await host.SendAsync(type, NotificationTestHost.Digest(), NotificationTestHost.Entry(type, ("url", "${HOOK}")), publicBaseUrl: PublicBase);

        var body = Assert.Single(receiver.Requests).BodyText;
        Assert.Contains(GateLink, body);
        Assert.Contains("https://reviewcadence.example.com/api/dashboard#runbook=", body[(body.IndexOf(GateLink, StringComparison.Ordinal) + GateLink.Length)..]);
    }

    [Fact]
    public async Task Without_a_public_base_url_there_is_no_dashboard_link()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var host = new NotificationTestHost(new Dictionary<string, string?> { ["HOOK"] = receiver.Url("hook") });

        await host.SendAsync("teams", NotificationTestHost.Digest(), NotificationTestHost.Entry("teams", ("url", "${HOOK}")));

        Assert.DoesNotContain("#runbook=", Assert.Single(receiver.Requests).BodyText);
    }

    [Fact]
    public async Task E_mail_links_each_runbook_to_the_dashboard_in_text_and_html()
    {
        await using var server = new SmtpTestServer();
        await using var host = new NotificationTestHost(new Dictionary<string, string?>
        {
            ["ReviewCadence:Smtp:Host"] = "127.0.0.1",
            ["ReviewCadence:Smtp:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ReviewCadence:Smtp:Security"] = "None",
            ["ReviewCadence:Smtp:From"] = "reviewcadence@example.com",
        });

        await host.SendAsync("email", NotificationTestHost.Digest(), NotificationTestHost.Entry("email", ("to", "finops@example.com")), publicBaseUrl: PublicBase);

        using var data = new MemoryStream(Assert.Single(server.Messages).Data);
        var message = await MimeMessage.LoadAsync(data);
        Assert.Contains($"Review in the dashboard: {GateLink}", message.TextBody);
        Assert.Contains($"href=\"{GateLink}\"", message.HtmlBody);
    }
}
