using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ReviewCadence.Catalog;
using ReviewCadence.Reminders;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Notifications;

/// <summary>
/// The <c>teams</c> channel: a Microsoft Teams Workflows webhook ("Post to a channel when a webhook
/// request is received"; the retired Office 365 connectors' MessageCard is not accepted there). The
/// body is a message with one Adaptive Card 1.4 attachment: a container per runbook with its facts,
/// its reasons and links to the runbook document and the changed source.
/// </summary>
[NotifyType(TypeName, "url")]
internal sealed class TeamsChannel(NotificationHttp http, SettingResolver settings) : INotificationChannel
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";
    public const string AdaptiveCardVersion = "1.4";

    // Teams refuses cards over about 28 KB; long digests list the first ones and say how many more.
    private const int MaxRunbooks = 20;
    private const int MaxDetailLength = 400;
    private const int MaxActions = 5;

    /// <summary>The catalog's <c>notify</c> <c>type</c> of this channel.</summary>
    public const string TypeName = "teams";

    public string Type => TypeName;

    public async Task SendAsync(ReminderDigest digest, ChannelDefinition channel, NotificationContext context, CancellationToken cancellationToken)
    {
        var url = settings.ResolveHttpUrl(channel, "url");
        await http.PostAsync(url, NotificationHttp.JsonBody(Payload(context.Content)), context, cancellationToken);
    }

    internal static JsonObject Payload(ReminderContent content) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray
        {
            new JsonObject
            {
                ["contentType"] = AdaptiveCardContentType,
                ["contentUrl"] = null,
                ["content"] = Card(content),
            },
        },
    };

    private static JsonObject Card(ReminderContent content)
    {
        var body = new JsonArray
        {
            Text(content.Headline, size: "Large", weight: "Bolder"),
            Text(content.Introduction, subtle: true),
        };
        foreach (var item in content.Items.Take(MaxRunbooks))
        {
            body.Add(Runbook(item));
        }
        if (content.Items.Count > MaxRunbooks)
        {
            body.Add(Text($"…and {content.Items.Count - MaxRunbooks} more: run `reviewcadence status` to see them all."));
        }
        body.Add(Text(content.Footer, subtle: true, size: "Small"));
        return new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = AdaptiveCardVersion,
            ["msteams"] = new JsonObject { ["width"] = "Full" },
            ["body"] = body,
        };
    }

    private static JsonObject Runbook(ReminderContentItem item)
    {
        var facts = new JsonArray
        {
            Fact("Status", item.StatusName),
            Fact("Outstanding since", item.OutstandingSince is { } since ? ReminderContent.Date(since) : "never reviewed"),
            Fact("Review due", ReminderContent.Date(item.NextReviewDue)),
            Fact("Runbook", item.RunbookId),
        };
        if (item.ReminderNumber > 1)
        {
            facts.Add(Fact("Reminder", item.ReminderNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (item.DocumentUrl is null && item.Document is { } document)
        {
            facts.Add(Fact("Document", document));
        }
        var items = new JsonArray
        {
            Text(item.Title, weight: "Bolder", size: "Medium"),
            new JsonObject { ["type"] = "FactSet", ["facts"] = facts },
            Text(item.Why),
        };
        foreach (var reason in item.Reasons)
        {
            var detail = reason.Detail is { } d ? ": " + ChannelText.Truncate(d, MaxDetailLength) : "";
            items.Add(Text(Inert($"- {reason.Summary}{detail}")));
        }
        items.Add(Text($"Record the review: {item.RecordCommand} or {item.RecordRoute}", subtle: true, monospace: true));

        var actions = new JsonArray();
        if (item.DashboardUrl is { } dashboard)
        {
            actions.Add(OpenUrl("Review in dashboard", dashboard));
        }
        if (item.DocumentUrl is { } doc)
        {
            actions.Add(OpenUrl("Open runbook", doc));
        }
        foreach (var reason in item.Reasons)
        {
            if (reason.SourceUrl is { } source)
            {
                actions.Add(OpenUrl($"Open {reason.SourceId}", source));
            }
            if (reason.DiffUrl is { } diff)
            {
                actions.Add(OpenUrl($"Diff of {reason.SourceId}", diff));
            }
        }
        while (actions.Count > MaxActions)
        {
            actions.RemoveAt(actions.Count - 1);
        }
        if (actions.Count > 0)
        {
            items.Add(new JsonObject { ["type"] = "ActionSet", ["actions"] = actions });
        }
        return new JsonObject
        {
            ["type"] = "Container",
            ["separator"] = true,
            ["spacing"] = "Medium",
            ["style"] = item.Status is RunbookStatusKind.NeedsReview or RunbookStatusKind.Overdue ? "attention" : "warning",
            ["items"] = items,
        };
    }

    private static JsonObject Text(string text, string? size = null, string? weight = null, bool subtle = false, bool monospace = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (size is not null)
        {
            block["size"] = size;
        }
        if (weight is not null)
        {
            block["weight"] = weight;
        }
        if (subtle)
        {
            block["isSubtle"] = true;
        }
        if (monospace)
        {
            block["fontType"] = "Monospace";
        }
        return block;
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    private static JsonObject OpenUrl(string title, Uri url) => new() { ["type"] = "Action.OpenUrl", ["title"] = title, ["url"] = url.AbsoluteUri };

    /// <summary>
    /// TextBlocks render a Markdown subset, so page text such as <c>[sign in](https://...)</c> would
    /// become a live link in the card. Breaking the <c>](</c> pair keeps it as text.
    /// </summary>
    internal static string Inert(string text) => text.Replace("](", "] (", StringComparison.Ordinal);

}
