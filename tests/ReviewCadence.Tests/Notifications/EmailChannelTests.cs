using MimeKit;
using ReviewCadence.Notifications;

namespace ReviewCadence.Tests.Notifications;

public class EmailChannelTests
{
    private static Dictionary<string, string?> Smtp(SmtpTestServer server, string? user = null, string? password = null) => new()
    {
        ["ReviewCadence:Smtp:Host"] = "127.0.0.1",
        ["ReviewCadence:Smtp:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ReviewCadence:Smtp:Security"] = "None",
        ["ReviewCadence:Smtp:From"] = "ReviewCadence <reviewcadence@example.com>",
        ["ReviewCadence:Smtp:User"] = user,
        ["ReviewCadence:Smtp:Password"] = password,
        ["FINOPS_TO"] = "finops-platform@example.com, oncall@example.com",
    };

    [Fact]
    public async Task Sends_a_text_and_html_alternative_to_every_recipient()
    {
        await using var server = new SmtpTestServer();
        await using var host = new NotificationTestHost(Smtp(server));

        await host.SendAsync("email", NotificationTestHost.Digest(), NotificationTestHost.Entry("email", ("to", "${FINOPS_TO}")),
            publicBaseUrl: new Uri("https://reviewcadence.example.com"));

        var received = Assert.Single(server.Messages);
        Assert.Equal("reviewcadence@example.com", received.MailFrom);
        Assert.Equal(["finops-platform@example.com", "oncall@example.com"], received.RcptTo);

        using var data = new MemoryStream(received.Data);
        var message = await MimeMessage.LoadAsync(data);
        Assert.Equal("ReviewCadence: 2 runbooks to re-review", message.Subject);
        // Named by the digest, so a retried digest is the same message to mail systems and clients.
        var deliveryId = NotificationTestHost.Digest().DeliveryId;
        Assert.Equal($"{deliveryId}@example.com", message.MessageId);
        Assert.Equal(deliveryId, message.Headers["X-ReviewCadence-Delivery"]);
        Assert.Equal(["finops-platform@example.com", "oncall@example.com"], message.To.Mailboxes.Select(m => m.Address));
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));

        var text = message.TextBody;
        Assert.Contains("AI API token budget quality gate (token-budget-quality-gate)", text);
        Assert.Contains("needs-review since 2026-11-03 · review due 2026-12-01 · reminder 2", text);
        Assert.Contains("CometAPI pricing documentation (cometapi-pricing-docs) changed (detected 2026-11-03 06:00 UTC): " + NotificationTestHost.PageDetail, text);
        Assert.Contains("diff: https://reviewcadence.example.com/api/dashboard#source=cometapi-pricing-docs&diff=last", text);
        Assert.Contains("Record the review: reviewcadence review token-budget-quality-gate --reviewer ROLE --result pass", text);
        Assert.Contains("or: POST https://reviewcadence.example.com/api/runbooks/token-budget-quality-gate/reviews", text);
        Assert.Contains("Runbook: docs/runbooks/allocation-tags.md", text);

        var html = message.HtmlBody;
        Assert.Contains("Volume pricing &lt;script&gt;alert(1)&lt;/script&gt; &amp; [sign in]", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("<a href=\"https://wiki.example.com/runbooks/gate\">AI API token budget quality gate</a>", html);
        Assert.Contains("<a href=\"https://reviewcadence.example.com/api/dashboard#source=cometapi-pricing-docs&amp;diff=last\">diff</a>", html);
        Assert.Contains("<code>reviewcadence review allocation-tags --reviewer ROLE --result pass</code>", html);
    }

    [Fact]
    public async Task Authenticates_when_a_user_is_configured()
    {
        await using var server = new SmtpTestServer(("mailer", "smtp-pass-123"));
        await using var host = new NotificationTestHost(Smtp(server, "mailer", "smtp-pass-123"));

        await host.SendAsync("email", NotificationTestHost.Digest(), NotificationTestHost.Entry("email", ("to", "lead@example.com")));

        Assert.Equal("mailer", Assert.Single(server.Messages).AuthenticatedUser);
    }

    [Fact]
    public async Task Refused_credentials_fail_without_echoing_the_password()
    {
        await using var server = new SmtpTestServer(("mailer", "the-right-one"));
        await using var host = new NotificationTestHost(Smtp(server, "mailer", "wrong-pass-987"));

        var error = await Assert.ThrowsAsync<NotificationFailedException>(() =>
            host.SendAsync("email", NotificationTestHost.Digest(), NotificationTestHost.Entry("email", ("to", "lead@example.com"))));

        Assert.Equal("the SMTP server refused the configured user's credentials", error.Message);
        Assert.Empty(server.Messages);
        Assert.DoesNotContain("wrong-pass-987", error.ToString() + host.Logs.AllText);
    }

    [Fact]
    public async Task Without_smtp_configuration_the_channel_says_what_to_set()
    {
        await using var host = new NotificationTestHost();
        var error = await Assert.ThrowsAsync<NotificationFailedException>(() =>
            host.SendAsync("email", NotificationTestHost.Digest(), NotificationTestHost.Entry("email", ("to", "lead@example.com"))));
        Assert.Equal("e-mail has no SMTP host: set ReviewCadence:Smtp:Host (environment variable ReviewCadence__Smtp__Host)", error.Message);
    }

    [Fact]
    public async Task A_bad_recipient_list_is_refused_before_connecting()
    {
        await using var server = new SmtpTestServer();
        await using var host = new NotificationTestHost(Smtp(server));
        var error = await Assert.ThrowsAsync<NotificationFailedException>(() =>
            host.SendAsync("email", NotificationTestHost.Digest(), NotificationTestHost.Entry("email", ("to", "not an address"))));
        Assert.Equal("'to' is not a list of e-mail addresses", error.Message);
        Assert.Empty(server.Messages);
    }
}
