using ReviewCadence.Catalog;
using ReviewCadence.Reminders;
using ReviewCadence.Runbooks;
using ReviewCadence.Tests.Notifications;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Reminders;

/// <summary>When an owner counts as unreachable, and what their escalation contact is told (the rule, without I/O).</summary>
public class UnreachableOwnerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 3, 9, 0, 0, TimeSpan.Zero);

    private static ChannelDefinition Webhook(string url) => new() { Type = "webhook", Settings = new Dictionary<string, string> { ["url"] = url } };

    private static ReviewCatalog Catalog(string? escalateTo = "lead", bool ownerHasChannels = true) => new()
    {
        FilePath = "catalog.yaml",
        Reminders = new ReminderPolicy { EscalateAfter = 2 },
        Sources = [new SourceDefinition { Id = "pricing", Url = new Uri("https://example.com/pricing") }],
        Owners =
        [
            new OwnerDefinition { Id = "ops", Notify = ownerHasChannels ? [Webhook("https://hooks.example.com/ops")] : [], EscalateTo = escalateTo },
            new OwnerDefinition { Id = "lead", Notify = [Webhook("https://hooks.example.com/lead")] },
        ],
        Runbooks = [new RunbookDefinition { Id = "gate", Title = "Gate", Owner = "ops", CadenceDays = 30, SourceIds = ["pricing"] }],
    };

    private static OwnerReminderPlan Plan(ReviewCatalog catalog) => Assert.Single(ReminderPlanner.Plan(catalog,
        [new RunbookStatus { Id = "gate", Title = "Gate", Owner = "ops", Status = RunbookStatusKind.Overdue, NextReviewDue = new DateOnly(2026, 10, 1), Findings = [] }],
        new Dictionary<string, IReadOnlyList<ReviewCadence.Storage.ReminderState>>(), Now));

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(7, true)]
    public void An_owner_is_unreachable_from_escalateAfter_failed_runs_in_a_row(int failedRuns, bool escalated)
    {
        var catalog = Catalog();

        var digest = ReminderPlanner.UnreachableEscalation(catalog, Plan(catalog), failedRuns, ["webhook#1: the receiver answered HTTP 500"]);

        Assert.Equal(escalated, digest is not null);
        if (digest is not null)
        {
            Assert.Equal(("lead", "ops", true, true, failedRuns), (digest.RecipientId, digest.OwnerId, digest.Escalation, digest.OwnerUnreachable, digest.UnreachableRuns));
            Assert.Equal(["gate"], digest.RunbookIds);
        }
    }

    [Fact]
    public void An_owner_without_channels_is_unreachable_at_once_and_without_escalateTo_nobody_is_told()
    {
        var noChannels = Catalog(ownerHasChannels: false);
        Assert.NotNull(ReminderPlanner.UnreachableEscalation(noChannels, Plan(noChannels), 1, []));

        var nobody = Catalog(escalateTo: null);
        Assert.Null(ReminderPlanner.UnreachableEscalation(nobody, Plan(nobody), 5, []));
        var self = Catalog(escalateTo: "ops");
        Assert.Null(ReminderPlanner.UnreachableEscalation(self, Plan(self), 5, []));
    }

    [Fact]
    public void The_digest_says_the_owner_could_not_be_reached_how_often_and_why()
    {
        var catalog = Catalog();
        var digest = ReminderPlanner.UnreachableEscalation(catalog, Plan(catalog), 3, ["webhook#1: the receiver answered HTTP 500"])!;

        var content = ReminderContent.Build(digest, catalog, publicBaseUrl: null);

        Assert.Equal("Escalation: ops could not be reached about 1 runbook", content.Headline);
        Assert.Equal(
            "You are the escalation contact of ops, who could not be reached: none of their channels accepted a reminder in the last 3 reminder runs in a row (webhook#1: the receiver answered HTTP 500). These runbooks are waiting for a review, and ops has not been told.",
            content.Introduction);
        var webhook = System.Text.Json.JsonSerializer.SerializeToElement(ReviewCadence.Notifications.WebhookChannel.Payload(digest), ReviewCadenceJson.Options);
        Assert.True(webhook.GetProperty("ownerUnreachable").GetBoolean());
        Assert.True(webhook.GetProperty("escalation").GetBoolean());
    }

    [Fact]
    public void Each_run_of_an_unreachable_owner_is_a_new_delivery_and_differs_from_the_count_based_escalation()
    {
        var catalog = Catalog();
        var plan = Plan(catalog);

        var second = ReminderPlanner.UnreachableEscalation(catalog, plan, 2, [])!;
        var third = ReminderPlanner.UnreachableEscalation(catalog, plan, 3, [])!;
        var countBased = plan.Digest with { RecipientId = "lead", Escalation = true };

        Assert.Equal(second.DeliveryId, ReminderPlanner.UnreachableEscalation(catalog, plan, 2, ["other words"])!.DeliveryId);
        Assert.NotEqual(second.DeliveryId, third.DeliveryId);
        Assert.NotEqual(second.DeliveryId, countBased.DeliveryId);
    }
}
