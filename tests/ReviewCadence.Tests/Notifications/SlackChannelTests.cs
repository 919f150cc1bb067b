using System.Text.Json;
using ReviewCadence.Notifications;
using ReviewCadence.Reminders;

namespace ReviewCadence.Tests.Notifications;

public class SlackChannelTests
{
    [Fact]
    public async Task Posts_block_kit_with_a_header_a_section_per_runbook_a_context_and_a_text_fallback()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var host = new NotificationTestHost(new Dictionary<string, string?> { ["SLACK_WEBHOOK_FINOPS"] = receiver.Url("services/T0/B0/token") });

        await host.SendAsync("slack", NotificationTestHost.Digest(), NotificationTestHost.Entry("slack", ("url", "${SLACK_WEBHOOK_FINOPS}")));

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("/services/T0/B0/token", request.Path);
        Assert.Equal(NotificationTestHost.Digest().DeliveryId, request.Header("X-ReviewCadence-Delivery"));
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Contains("token-budget-quality-gate (needs-review)", root.GetProperty("text").GetString());

        var blocks = root.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        Assert.Equal("plain_text", blocks[0].GetProperty("text").GetProperty("type").GetString());
        Assert.Equal("2 runbooks to re-review", blocks[0].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("context", blocks[^1].GetProperty("type").GetString());
        Assert.Equal("mrkdwn", blocks[^1].GetProperty("elements")[0].GetProperty("type").GetString());

        var sections = blocks.Where(b => b.GetProperty("type").GetString() == "section")
            .Select(b => b.GetProperty("text")).ToList();
        Assert.All(sections, s => Assert.Equal("mrkdwn", s.GetProperty("type").GetString()));
        var gate = sections.Single(s => s.GetProperty("text").GetString()!.Contains("`token-budget-quality-gate`")).GetProperty("text").GetString()!;
        Assert.StartsWith("*<https://wiki.example.com/runbooks/gate|AI API token budget quality gate>*", gate);
        Assert.Contains("*needs-review since 2026-11-03 · review due 2026-12-01 · reminder 2*", gate);
        Assert.Contains("Volume pricing &lt;script&gt;alert(1)&lt;/script&gt; &amp; [sign in]", gate);
        Assert.DoesNotContain("<script>", gate);
        Assert.Contains("(<https://apidoc.cometapi.com/pricing/about-pricing|page>)", gate);
        Assert.Contains("`reviewcadence review token-budget-quality-gate --reviewer ROLE --result pass`", gate);
        Assert.Contains("`POST /api/runbooks/token-budget-quality-gate/reviews`", gate);

        var tags = sections.Single(s => s.GetProperty("text").GetString()!.Contains("`allocation-tags`")).GetProperty("text").GetString()!;
        Assert.Contains("Runbook: docs/runbooks/allocation-tags.md", tags);
        Assert.Contains("Its cadence review (every 30 days) was due on 2026-11-10.", tags);
    }

    [Theory]
    [InlineData("a < b & c > d", "a &lt; b &amp; c &gt; d")]
    [InlineData("<!channel> <@U123>", "&lt;!channel&gt; &lt;@U123&gt;")]
    public void Escapes_the_three_mrkdwn_control_characters(string text, string escaped) =>
        Assert.Equal(escaped, SlackChannel.Escape(text));

    [Fact]
    public void A_long_digest_stays_within_slacks_block_limit()
    {
        var digest = NotificationTestHost.Digest();
        var many = Enumerable.Range(0, 80).Select(i => digest.Items[1] with { Runbook = digest.Items[1].Runbook with { Id = $"runbook-{i}" } }).ToList();
        var content = ReminderContent.Build(digest with { Items = many }, NotificationTestHost.Catalog(), null);

        var blocks = SlackChannel.Payload(content)["blocks"]!.AsArray();

        Assert.True(blocks.Count <= 50, $"{blocks.Count} blocks");
        Assert.Contains(blocks, b => b!["text"]?["text"]?.GetValue<string>().StartsWith("…and 35 more") == true);
    }
}
