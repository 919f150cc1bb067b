using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ReviewCadence.Catalog;
using ReviewCadence.Reminders;

namespace ReviewCadence.Notifications;

/// <summary>
/// The <c>slack</c> channel: a Slack incoming webhook with Block Kit blocks (a header, a section per
/// runbook in mrkdwn, a context footer) and a plain <c>text</c> fallback for notifications.
/// </summary>
[NotifyType(TypeName, "url")]
internal sealed class SlackChannel(NotificationHttp http, SettingResolver settings) : INotificationChannel
{
    // Slack's limits: 50 blocks a message (header, introduction, "more", context and 45 runbooks),
    // 150 characters a header, 3000 a section's text.
    private const int MaxRunbookSections = 45;
    private const int MaxHeaderLength = 150;
    private const int MaxSectionLength = 3000;
    private const int MaxDetailLength = 400;

    /// <summary>The catalog's <c>notify</c> <c>type</c> of this channel.</summary>
    public const string TypeName = "slack";

    public string Type => TypeName;

    public async Task SendAsync(ReminderDigest digest, ChannelDefinition channel, NotificationContext context, CancellationToken cancellationToken)
    {
        var url = settings.ResolveHttpUrl(channel, "url");
        await http.PostAsync(url, NotificationHttp.JsonBody(Payload(context.Content)), context, cancellationToken);
    }

    internal static JsonObject Payload(ReminderContent content)
    {
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = ChannelText.Truncate(content.Headline, MaxHeaderLength) },
            },
            Section(Escape(content.Introduction)),
        };
        foreach (var item in content.Items.Take(MaxRunbookSections))
        {
            blocks.Add(Section(ChannelText.Truncate(RunbookText(item), MaxSectionLength)));
        }
        if (content.Items.Count > MaxRunbookSections)
        {
            blocks.Add(Section($"…and {content.Items.Count - MaxRunbookSections} more: run `reviewcadence status` to see them all."));
        }
        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray { new JsonObject { ["type"] = "mrkdwn", ["text"] = Escape(content.Footer) } },
        });
        var fallback = $"{content.Headline}: {string.Join(", ", content.Items.Select(i => $"{i.RunbookId} ({i.StatusName})"))}";
        return new JsonObject { ["text"] = Escape(ChannelText.Truncate(fallback, MaxSectionLength)), ["blocks"] = blocks };
    }

    private static string RunbookText(ReminderContentItem item)
    {
        var text = new StringBuilder();
        var title = $"*{Escape(item.Title)}*";
        text.Append(item.DocumentUrl is { } doc ? Link(doc, item.Title, bold: true) : title);
        text.Append($" `{item.RunbookId}`\n");
        text.Append($"*{Escape(item.StatusLine)}*\n{Escape(item.Why)}\n");
        foreach (var reason in item.Reasons)
        {
            text.Append("• ").Append(Escape(reason.Summary));
            if (reason.Detail is { } detail)
            {
                text.Append(": ").Append(Escape(ChannelText.Truncate(detail, MaxDetailLength)));
            }
            var links = new List<string>();
            if (reason.SourceUrl is { } source)
            {
                links.Add(Link(source, "page"));
            }
            if (reason.DiffUrl is { } diff)
            {
                links.Add(Link(diff, "diff"));
            }
            if (links.Count > 0)
            {
                text.Append(" (").AppendJoin(" · ", links).Append(')');
            }
            text.Append('\n');
        }
        if (item.DocumentUrl is null && item.Document is { } document)
        {
            text.Append($"Runbook: {Escape(document)}\n");
        }
        if (item.DashboardUrl is { } dashboard)
        {
            text.Append(Link(dashboard, "Review in the dashboard")).Append('\n');
        }
        text.Append($"Record the review: `{item.RecordCommand}` or `{Escape(item.RecordRoute)}`");
        return text.ToString();
    }

    private static JsonObject Section(string mrkdwn) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn },
    };

    /// <summary>Slack's three control characters; everything page-derived goes through this.</summary>
    internal static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Link(Uri url, string label, bool bold = false)
    {
        // '|' ends the URL part of a Slack link; an escaped URL cannot break out of the angle brackets.
        var target = Escape(url.AbsoluteUri).Replace("|", "%7C", StringComparison.Ordinal);
        var text = Escape(label).Replace("|", "¦", StringComparison.Ordinal);
        return bold ? $"*<{target}|{text}>*" : $"<{target}|{text}>";
    }

}
