using System.Text.Json;

namespace ReviewCadence.Tests.Notifications;

public class TeamsChannelTests
{
    [Fact]
    public async Task Posts_a_workflows_message_with_one_adaptive_card_and_a_container_per_runbook()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        receiver.Respond = _ => (202, null); // what a Workflows trigger answers
        await using var host = new NotificationTestHost(new Dictionary<string, string?> { ["TEAMS_WEBHOOK_PLATFORM"] = receiver.Url("workflows/abc/triggers/manual/paths/invoke?sig=fake") });

        await host.SendAsync("teams", NotificationTestHost.Digest(), NotificationTestHost.Entry("teams", ("url", "${TEAMS_WEBHOOK_PLATFORM}")),
            publicBaseUrl: new Uri("https://reviewcadence.example.com/"));

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("?sig=fake", request.Query);
        Assert.Equal(NotificationTestHost.Digest().DeliveryId, request.Header("X-ReviewCadence-Delivery"));
        Assert.StartsWith("application/json", request.Header("Content-Type"));
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("message", root.GetProperty("type").GetString());
        var attachment = Assert.Single(root.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        Assert.Equal(JsonValueKind.Null, attachment.GetProperty("contentUrl").ValueKind);

        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", card.GetProperty("$schema").GetString());
        Assert.True(Version.Parse(card.GetProperty("version").GetString()!) >= new Version(1, 4));
        var body = card.GetProperty("body").EnumerateArray().ToList();
        Assert.All(body, element => Assert.Contains(element.GetProperty("type").GetString(), new[] { "TextBlock", "Container" }));
        Assert.Equal("2 runbooks to re-review", body[0].GetProperty("text").GetString());

        var containers = body.Where(e => e.GetProperty("type").GetString() == "Container").ToList();
        Assert.Equal(2, containers.Count);
        var gate = containers[0].GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("AI API token budget quality gate", gate[0].GetProperty("text").GetString());
        var facts = gate.Single(i => i.GetProperty("type").GetString() == "FactSet").GetProperty("facts").EnumerateArray()
            .ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString());
        Assert.Equal("needs-review", facts["Status"]);
        Assert.Equal("2026-11-03", facts["Outstanding since"]);
        Assert.Equal("2026-12-01", facts["Review due"]);
        Assert.Equal("token-budget-quality-gate", facts["Runbook"]);
        Assert.Equal("2", facts["Reminder"]);

        var texts = gate.Where(i => i.GetProperty("type").GetString() == "TextBlock").Select(i => i.GetProperty("text").GetString()!).ToList();
        var reason = Assert.Single(texts, t => t.StartsWith("- CometAPI pricing documentation (cometapi-pricing-docs) changed (detected 2026-11-03 06:00 UTC)"));
        Assert.Contains("Volume pricing", reason);
        Assert.DoesNotContain("](https://evil", reason); // page text cannot become a Markdown link
        Assert.Contains(texts, t => t.Contains("reviewcadence review token-budget-quality-gate --reviewer ROLE --result pass")
            && t.Contains("POST https://reviewcadence.example.com/api/runbooks/token-budget-quality-gate/reviews"));

        var actions = gate.Single(i => i.GetProperty("type").GetString() == "ActionSet").GetProperty("actions").EnumerateArray().ToList();
        Assert.All(actions, a => Assert.Equal("Action.OpenUrl", a.GetProperty("type").GetString()));
        Assert.Equal(
            ["https://reviewcadence.example.com/api/dashboard#runbook=token-budget-quality-gate", "https://wiki.example.com/runbooks/gate", "https://apidoc.cometapi.com/pricing/about-pricing", "https://reviewcadence.example.com/api/dashboard#source=cometapi-pricing-docs&diff=last"],
            actions.Select(a => a.GetProperty("url").GetString()));

        // A relative document is shown as text, never as a link.
        var tags = containers[1].GetProperty("items").EnumerateArray().ToList();
        var tagActions = tags.Single(i => i.GetProperty("type").GetString() == "ActionSet").GetProperty("actions").EnumerateArray();
        Assert.Equal(["https://reviewcadence.example.com/api/dashboard#runbook=allocation-tags"], tagActions.Select(a => a.GetProperty("url").GetString()));
        Assert.Contains("docs/runbooks/allocation-tags.md", tags.Single(i => i.GetProperty("type").GetString() == "FactSet").GetRawText());
    }
}
