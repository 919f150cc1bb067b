using ReviewCadence.Reminders;
using ReviewCadence.Tests.Notifications;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Reminders;

public class ReminderContentTests
{
    [Fact]
    public void Says_why_since_when_when_due_and_how_to_record_the_review()
    {
        var content = ReminderContent.Build(NotificationTestHost.Digest(), NotificationTestHost.Catalog(), publicBaseUrl: null);

        Assert.Equal("2 runbooks to re-review", content.Headline);
        Assert.Contains("platform-cost-operator", content.Introduction);
        Assert.Equal("Sent by ReviewCadence on 2026-11-20 09:00 UTC.", content.Footer);

        var gate = content.Items[0];
        Assert.Equal("A source it rests on changed since its last review.", gate.Why);
        Assert.Equal("needs-review since 2026-11-03 · review due 2026-12-01 · reminder 2", gate.StatusLine);
        var reason = Assert.Single(gate.Reasons);
        Assert.Equal("CometAPI pricing documentation (cometapi-pricing-docs) changed (detected 2026-11-03 06:00 UTC)", reason.Summary);
        Assert.Equal(NotificationTestHost.PageDetail, reason.Detail);
        Assert.Equal(new Uri("https://apidoc.cometapi.com/pricing/about-pricing"), reason.SourceUrl);
        Assert.Null(reason.DiffUrl);
        Assert.Equal(new Uri("https://wiki.example.com/runbooks/gate"), gate.DocumentUrl);
        Assert.Equal("reviewcadence review token-budget-quality-gate --reviewer ROLE --result pass", gate.RecordCommand);
        Assert.Equal("POST /api/runbooks/token-budget-quality-gate/reviews", gate.RecordRoute);

        var tags = content.Items[1];
        Assert.Equal("Its cadence review (every 30 days) was due on 2026-11-10.", tags.Why);
        Assert.Equal("overdue since 2026-11-11 · review due 2026-11-10", tags.StatusLine);
        Assert.Null(tags.DocumentUrl);
        Assert.Equal("docs/runbooks/allocation-tags.md", tags.Document);
    }

    [Fact]
    public void With_a_public_base_url_the_diff_and_review_route_are_links()
    {
        var content = ReminderContent.Build(NotificationTestHost.Digest(), NotificationTestHost.Catalog(), new Uri("https://rc.example.com/app/"));
        Assert.Equal(new Uri("https://rc.example.com/app/api/dashboard#source=cometapi-pricing-docs&diff=last"), content.Items[0].Reasons[0].DiffUrl);
        Assert.Equal("POST https://rc.example.com/app/api/runbooks/token-budget-quality-gate/reviews", content.Items[0].RecordRoute);
        // The dashboard's path on both hosts: the Functions app's /api/dashboard, which serve answers too.
        Assert.Equal(new Uri("https://rc.example.com/app/api/dashboard#runbook=token-budget-quality-gate"), content.Items[0].DashboardUrl);
    }

    [Fact]
    public void An_escalation_names_the_owner_and_the_threshold()
    {
        var content = ReminderContent.Build(NotificationTestHost.Digest(escalation: true), NotificationTestHost.Catalog(), null);
        Assert.Equal("Escalation: 2 runbooks of platform-cost-operator still outstanding", content.Headline);
        Assert.Contains("reminded 3 times or more", content.Introduction);
    }

    [Fact]
    public void A_redirect_target_that_is_not_http_is_never_a_link()
    {
        var digest = NotificationTestHost.Digest();
        var gate = digest.Items[0];
        var finding = gate.Runbook.Findings[0] with { Url = "javascript:alert(1)", Kind = global::ReviewCadence.Vocabulary.FindingKind.Moved };
        var content = ReminderContent.Build(digest with { Items = [gate with { Runbook = gate.Runbook with { Findings = [finding] } }] },
            NotificationTestHost.Catalog(), new Uri("https://rc.example.com"));
        // Falls back to the catalog's URL of the source; no diff for a move.
        Assert.Equal(new Uri("https://apidoc.cometapi.com/pricing/about-pricing"), content.Items[0].Reasons[0].SourceUrl);
        Assert.Null(content.Items[0].Reasons[0].DiffUrl);
        Assert.Contains(" moved ", content.Items[0].Reasons[0].Summary);
    }

    [Fact]
    public void A_never_reviewed_runbook_says_so()
    {
        var digest = NotificationTestHost.Digest();
        var tags = digest.Items[1] with { OutstandingSince = null, Runbook = digest.Items[1].Runbook with { NextReviewDue = null, LastReviewed = null, Status = RunbookStatusKind.Overdue } };
        var item = ReminderContent.Build(digest with { Items = [tags] }, NotificationTestHost.Catalog(), null).Items[0];
        Assert.Equal("It has never been reviewed.", item.Why);
        Assert.Equal("overdue · never reviewed", item.StatusLine);
        Assert.Equal("1 runbook to re-review", ReminderContent.Build(digest with { Items = [tags] }, NotificationTestHost.Catalog(), null).Headline);
    }
}
