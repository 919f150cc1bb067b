using ReviewCadence.Catalog;
using ReviewCadence.Reminders;
using ReviewCadence.Runbooks;
using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Reminders;

/// <summary>
/// What "the same digest" is for <see cref="ReminderDigest.DeliveryId"/>: a digest planned again because its delivery
/// was never recorded (a killed run, every channel failed) keeps its id, even on another day; one that says
/// something else (another reminder, another runbook, new findings, another recipient) gets another.
/// </summary>
public class DeliveryIdTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Due = new(2026, 10, 20);

    private static ReviewCatalog Catalog() => new()
    {
        FilePath = "catalog.yaml",
        Reminders = new ReminderPolicy { RepeatEveryDays = 3, DueSoonDays = 7, EscalateAfter = 1 },
        Sources = [new SourceDefinition { Id = "pricing", Url = new Uri("https://example.com/pricing") }],
        Owners = [new OwnerDefinition { Id = "platform", EscalateTo = "lead" }, new OwnerDefinition { Id = "lead" }, new OwnerDefinition { Id = "budget" }],
        Runbooks = [Runbook("gate", "platform"), Runbook("alloc", "platform"), Runbook("spend", "budget")],
    };

    private static RunbookDefinition Runbook(string id, string owner) =>
        new() { Id = id, Title = id + " runbook", Owner = owner, CadenceDays = 30, SourceIds = ["pricing"] };

    private static RunbookStatus Overdue(string id, string owner = "platform", DateOnly? due = null) => new()
    {
        Id = id,
        Title = id + " runbook",
        Owner = owner,
        Status = RunbookStatusKind.Overdue,
        NextReviewDue = due ?? Due,
        Findings = [],
    };

    private static RunbookStatus NeedsReview(string id, params DateTimeOffset[] detected) => Overdue(id) with
    {
        Status = RunbookStatusKind.NeedsReview,
        Findings = detected.Select(at => new RunbookFinding("pricing", "https://example.com/pricing", FindingKind.Changed, at, "changed")).ToList(),
    };

    private static IReadOnlyList<OwnerReminderPlan> Plan(DateTimeOffset now, IReadOnlyList<ReminderState> saved, params RunbookStatus[] statuses) =>
        ReminderPlanner.Plan(Catalog(), statuses, saved.GroupBy(s => s.OwnerId).ToDictionary(g => g.Key, g => (IReadOnlyList<ReminderState>)g.ToList()), now);

    private static string Id(IReadOnlyList<OwnerReminderPlan> plans, string owner = "platform") => plans.Single(p => p.Owner.Id == owner).Digest.DeliveryId;

    [Fact]
    public void A_digest_whose_delivery_was_not_recorded_keeps_its_id_when_planned_again_later()
    {
        var first = Plan(Day0, [], Overdue("gate"), Overdue("alloc"));
        // The run was killed (or every channel failed): nothing saved. The next run is a day later, so days overdue,
        // sentAt and the wording differ; the listed order is another one too.
        var retry = Plan(Day0.AddDays(1).AddHours(3), [], Overdue("alloc"), Overdue("gate"));

        Assert.Matches("^rcd_[0-9a-f]{32}$", Id(first));
        Assert.Equal(Id(first), Id(retry));
        Assert.NotEqual(first[0].Digest.SentAt, retry[0].Digest.SentAt);
    }

    [Fact]
    public void The_next_reminder_of_the_same_runbooks_is_another_delivery()
    {
        var first = Plan(Day0, [], Overdue("gate"));
        var repeat = Plan(Day0.AddDays(3), first[0].StatesAfterDelivery, Overdue("gate"));

        Assert.Equal(2, repeat[0].Digest.Items.Single().ReminderNumber);
        Assert.NotEqual(Id(first), Id(repeat));
        // ...and a retry of that second reminder keeps the second one's id.
        Assert.Equal(Id(repeat), Id(Plan(Day0.AddDays(4), first[0].StatesAfterDelivery, Overdue("gate"))));
    }

    [Fact]
    public void Another_runbook_new_findings_or_a_new_due_date_make_another_digest()
    {
        var baseline = Id(Plan(Day0, [], Overdue("gate")));

        Assert.NotEqual(baseline, Id(Plan(Day0, [], Overdue("gate"), Overdue("alloc"))));
        Assert.NotEqual(baseline, Id(Plan(Day0, [], Overdue("gate", due: Due.AddDays(1)))));
        var oneChange = Id(Plan(Day0, [], NeedsReview("gate", Day0.AddDays(-2))));
        Assert.NotEqual(baseline, oneChange);
        Assert.NotEqual(oneChange, Id(Plan(Day0, [], NeedsReview("gate", Day0.AddDays(-2), Day0.AddDays(-1)))));
    }

    [Fact]
    public void Owners_and_escalations_each_have_their_own_id()
    {
        var first = Plan(Day0, [], Overdue("gate"), Overdue("spend", owner: "budget"));
        var second = Plan(Day0.AddDays(3), first.SelectMany(p => p.StatesAfterDelivery).ToList(), Overdue("gate"));

        Assert.NotEqual(Id(first), Id(first, "budget"));
        var escalation = Assert.Single(second).Escalation!;
        Assert.Equal(second[0].Digest.RunbookIds, escalation.RunbookIds);
        Assert.NotEqual(second[0].Digest.DeliveryId, escalation.DeliveryId);
    }
}
