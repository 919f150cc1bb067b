using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReviewCadence.Notifications;

namespace ReviewCadence.Tests.Notifications;

public class WebhookChannelTests
{
    private const string Secret = "hook-secret-0123456789";

    [Fact]
    public async Task Posts_the_documented_json_signed_with_an_hmac_the_receiver_verifies()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        receiver.Respond = request => Verify(request, Secret) ? (204, null) : (401, "bad_signature");
        await using var host = new NotificationTestHost(new Dictionary<string, string?> { ["REVIEW_HOOK_SECRET"] = Secret });

        await host.SendAsync("webhook", NotificationTestHost.Digest(), NotificationTestHost.Entry("webhook",
            ("url", receiver.Url("hooks/review")), ("secret", "${REVIEW_HOOK_SECRET}")));

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.Header("Content-Type"));
        Assert.Matches("^sha256=[0-9a-f]{64}$", request.Header(WebhookChannel.SignatureHeader));

        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal(["deliveryId", "owner", "escalation", "ownerUnreachable", "sentAt", "runbooks"], root.EnumerateObject().Select(p => p.Name));
        Assert.Matches("^rcd_[0-9a-f]{32}$", root.GetProperty("deliveryId").GetString());
        Assert.Equal(root.GetProperty("deliveryId").GetString(), request.Header(WebhookChannel.DeliveryHeader));
        Assert.Equal("platform-cost-operator", root.GetProperty("owner").GetString());
        Assert.False(root.GetProperty("escalation").GetBoolean());
        Assert.Equal(NotificationTestHost.SentAt, root.GetProperty("sentAt").GetDateTimeOffset());

        var runbooks = root.GetProperty("runbooks").EnumerateArray().ToList();
        Assert.Equal(2, runbooks.Count);
        Assert.All(runbooks, r => Assert.Equal(["id", "title", "status", "nextReviewDue", "overdue", "daysOverdue", "findings"], r.EnumerateObject().Select(p => p.Name)));
        Assert.Equal("token-budget-quality-gate", runbooks[0].GetProperty("id").GetString());
        Assert.Equal("AI API token budget quality gate", runbooks[0].GetProperty("title").GetString());
        Assert.Equal("needs-review", runbooks[0].GetProperty("status").GetString());
        Assert.Equal("2026-12-01", runbooks[0].GetProperty("nextReviewDue").GetString());
        Assert.Equal("overdue", runbooks[1].GetProperty("status").GetString());
        Assert.Empty(runbooks[1].GetProperty("findings").EnumerateArray());

        var finding = Assert.Single(runbooks[0].GetProperty("findings").EnumerateArray());
        Assert.Equal(["source", "url", "kind", "detectedAt", "detail"], finding.EnumerateObject().Select(p => p.Name));
        Assert.Equal("cometapi-pricing-docs", finding.GetProperty("source").GetString());
        Assert.Equal("https://apidoc.cometapi.com/pricing/about-pricing", finding.GetProperty("url").GetString());
        Assert.Equal("changed", finding.GetProperty("kind").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 6, 0, 0, TimeSpan.Zero), finding.GetProperty("detectedAt").GetDateTimeOffset());
        Assert.Equal(NotificationTestHost.PageDetail, finding.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_escalation_says_so_and_names_the_owner_whose_runbooks_they_are()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var host = new NotificationTestHost();
        await host.SendAsync("webhook", NotificationTestHost.Digest(escalation: true), NotificationTestHost.Entry("webhook", ("url", receiver.Url("h"))));

        var request = Assert.Single(receiver.Requests);
        using var json = JsonDocument.Parse(request.Body);
        Assert.True(json.RootElement.GetProperty("escalation").GetBoolean());
        Assert.Equal("platform-cost-operator", json.RootElement.GetProperty("owner").GetString());
        Assert.Null(request.Header(WebhookChannel.SignatureHeader));
    }

    [Fact]
    public async Task A_receiver_holding_another_secret_rejects_the_signature_and_the_delivery_fails()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        receiver.Respond = request => Verify(request, "the-receivers-secret") ? (200, null) : (401, "bad_signature");
        await using var host = new NotificationTestHost();

        var error = await Assert.ThrowsAsync<NotificationFailedException>(() => host.SendAsync("webhook", NotificationTestHost.Digest(),
            NotificationTestHost.Entry("webhook", ("url", receiver.Url("h")), ("secret", Secret))));
        Assert.Equal("the receiver answered HTTP 401 (Unauthorized): bad_signature", error.Message);
        Assert.DoesNotContain(Secret, host.Logs.AllText);
    }

    [Fact]
    public void The_signature_is_the_lowercase_hex_hmac_of_the_body()
    {
        var body = "{\"owner\":\"a\"}"u8.ToArray();
        var expected = Convert.ToHexString(HMACSHA256.HashData("k"u8, body)).ToLowerInvariant();
        Assert.Equal("sha256=" + expected, WebhookChannel.Signature("k", body));
    }

    [Fact]
    public async Task A_missing_setting_is_named_and_nothing_is_sent()
    {
        await using var host = new NotificationTestHost();
        var error = await Assert.ThrowsAsync<MissingSettingException>(() => host.SendAsync("webhook", NotificationTestHost.Digest(),
            NotificationTestHost.Entry("webhook", ("url", "${REVIEW_HOOK_URL}"))));
        Assert.Equal("setting REVIEW_HOOK_URL is not configured", error.Message);
    }

    [Fact]
    public async Task A_setting_that_is_not_a_url_is_refused_without_echoing_it()
    {
        await using var host = new NotificationTestHost(new Dictionary<string, string?> { ["REVIEW_HOOK_URL"] = "not a url with s3cret" });
        var error = await Assert.ThrowsAsync<NotificationFailedException>(() => host.SendAsync("webhook", NotificationTestHost.Digest(),
            NotificationTestHost.Entry("webhook", ("url", "${REVIEW_HOOK_URL}"))));
        Assert.Equal("setting REVIEW_HOOK_URL does not hold an absolute http(s) URL", error.Message);
    }

    /// <summary>What a receiver does: recompute the HMAC over the exact bytes received and compare in constant time.</summary>
    private static bool Verify(ReceivedRequest request, string secret)
    {
        var header = request.Header(WebhookChannel.SignatureHeader);
        if (header is null || !header.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), request.Body);
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(header["sha256=".Length..]));
    }
}
