using ReviewCadence.Notifications;
using ReviewCadence.Reminders;
using ReviewCadence.Runbooks;
using ReviewCadence.Tests.Notifications;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Reminders;

/// <summary>A finding about a cited section: every channel's digest names the section and quotes the change.</summary>
public class SectionReminderTests
{
    private const string Detail = "Section \"Token-based billing\" changed: removed \"Billed per token.\"; added \"Billed per <request>.\"";

    private static ReminderContent Content()
    {
        var digest = NotificationTestHost.Digest();
        var gate = digest.Items[0];
        var finding = new RunbookFinding("cometapi-pricing-docs", "https://apidoc.cometapi.com/pricing/about-pricing", FindingKind.Changed,
            new DateTimeOffset(2026, 11, 3, 6, 0, 0, TimeSpan.Zero), Detail)
        {
            Section = "Token-based billing",
            Removed = ["Billed per token."],
            Added = ["Billed per <request>."],
        };
        return ReminderContent.Build(digest with { Items = [gate with { Runbook = gate.Runbook with { Findings = [finding] } }] },
            NotificationTestHost.Catalog(), publicBaseUrl: null);
    }

    [Fact]
    public void The_reason_names_the_section_and_carries_the_quoted_lines()
    {
        var reason = Assert.Single(Content().Items[0].Reasons);

        Assert.Equal("CometAPI pricing documentation (cometapi-pricing-docs) changed in section \"Token-based billing\" (detected 2026-11-03 06:00 UTC)", reason.Summary);
        Assert.Equal("Token-based billing", reason.Section);
        Assert.Equal(["Billed per token."], reason.Removed);
        Assert.Equal(["Billed per <request>."], reason.Added);
    }

    [Fact]
    public void E_mail_quotes_the_removed_and_added_lines_escaped_in_html()
    {
        var content = Content();

        var text = EmailChannel.PlainText(content);
        Assert.Contains("changed in section \"Token-based billing\"", text);
        Assert.Contains("    - removed: Billed per token.", text);
        Assert.Contains("    + added: Billed per <request>.", text);
        var html = EmailChannel.Html(content);
        Assert.Contains("<del>removed: Billed per token.</del>", html);
        Assert.Contains("<ins>added: Billed per &lt;request&gt;.</ins>", html);
    }

    [Fact]
    public void Teams_and_Slack_show_the_section_and_the_quoted_change()
    {
        var content = Content();

        var teams = TeamsChannel.Payload(content).ToJsonString();
        var slack = SlackChannel.Payload(content).ToJsonString();
        foreach (var payload in new[] { teams, slack })
        {
            Assert.Contains("changed in section", payload);
            Assert.Contains("Token-based billing", payload);
            Assert.Contains("Billed per token.", payload);
        }
    }
}
