using ReviewCadence.Catalog;
using ReviewCadence.Reminders;
using ReviewCadence.Runbooks;
using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Reminders;

public class ReminderPlannerTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static ReviewCatalog Catalog(int repeatEveryDays = 3, int dueSoonDays = 7, int escalateAfter = 3) => new()
    {
        FilePath = "catalog.yaml",
        Reminders = new ReminderPolicy { RepeatEveryDays = repeatEveryDays, DueSoonDays = dueSoonDays, EscalateAfter = escalateAfter },
        Sources = [new SourceDefinition { Id = "pricing", Url = new Uri("https://example.com/pricing") }],
        Owners =
        [
            new OwnerDefinition { Id = "platform", Notify = [new ChannelDefinition { Type = "webhook", Settings = new Dictionary<string, string> { ["url"] = "https://hooks.example.com/a" } }], EscalateTo = "lead" },
            new OwnerDefinition { Id = "budget", Notify = [new ChannelDefinition { Type = "slack", Settings = new Dictionary<string, string> { ["url"] = "${SLACK}" } }], EscalateTo = "budget" },
            new OwnerDefinition { Id = "lead", Notify = [new ChannelDefinition { Type = "email", Settings = new Dictionary<string, string> { ["to"] = "lead@example.com" } }] },
        ],
        Runbooks =
        [
            Runbook("gate", "platform"), Runbook("alloc", "platform"), Runbook("quiet", "platform"), Runbook("budget-runbook", "budget"),
        ],
    };

    private static RunbookDefinition Runbook(string id, string owner) =>
        new() { Id = id, Title = id + " runbook", Owner = owner, CadenceDays = 30, SourceIds = ["pricing"] };

    private static RunbookStatus Status(string id, string owner, RunbookStatusKind kind, DateOnly? due = null, params RunbookFinding[] findings) => new()
    {
        Id = id,
        Title = id + " runbook",
        Owner = owner,
        Status = kind,
        LastReviewed = due?.AddDays(-30),
        NextReviewDue = due,
        Findings = findings,
    };

    private static RunbookFinding Finding(string source, DateTimeOffset detectedAt, FindingKind kind = FindingKind.Changed) =>
        new(source, "https://example.com/" + source, kind, detectedAt, "Volume pricing: section removed");

    /// <summary>The store's reminder states across runs, as the runner would save them after a delivery.</summary>
    private sealed class Simulation(ReviewCatalog catalog)
    {
        private readonly Dictionary<(string Owner, string Runbook), ReminderState> _states = [];

        public IReadOnlyList<OwnerReminderPlan> Run(DateTimeOffset now, params RunbookStatus[] statuses)
        {
            var byOwner = _states.Values.GroupBy(s => s.OwnerId).ToDictionary(g => g.Key, g => (IReadOnlyList<ReminderState>)g.ToList());
            var plans = ReminderPlanner.Plan(catalog, statuses, byOwner, now);
            foreach (var state in plans.SelectMany(p => p.StatesAfterDelivery))
            {
                _states[(state.OwnerId, state.RunbookId)] = state with { Version = "v" + now.Ticks };
            }
            return plans;
        }

        public ReminderState State(string owner, string runbook) => _states[(owner, runbook)];
    }

    [Fact]
    public void First_run_sends_each_owner_one_digest_of_their_outstanding_runbooks()
    {
        var due = DateOnly.FromDateTime(Day0.UtcDateTime);
        var plans = ReminderPlanner.Plan(Catalog(), [
            Status("gate", "platform", RunbookStatusKind.NeedsReview, due.AddDays(20), Finding("pricing", Day0.AddDays(-1))),
            Status("alloc", "platform", RunbookStatusKind.Overdue, due.AddDays(-2)),
            Status("quiet", "platform", RunbookStatusKind.Current, due.AddDays(25)),
            Status("budget-runbook", "budget", RunbookStatusKind.DueSoon, due.AddDays(5)),
        ], new Dictionary<string, IReadOnlyList<ReminderState>>(), Day0);

        Assert.Equal(["platform", "budget"], plans.Select(p => p.Owner.Id));
        var platform = plans[0];
        Assert.Equal(["gate", "alloc"], platform.Digest.RunbookIds);
        Assert.False(platform.Digest.Escalation);
        Assert.Equal("platform", platform.Digest.RecipientId);
        Assert.Null(platform.Escalation);
        Assert.All(platform.Digest.Items, i => Assert.Equal(1, i.ReminderNumber));
        Assert.All(platform.StatesAfterDelivery, s => Assert.Equal((1, Day0, Day0), (s.Count, s.FirstSentAt, s.LastSentAt)));
        Assert.Equal(["budget-runbook"], plans[1].Digest.RunbookIds);
    }

    [Fact]
    public void Running_again_at_the_same_moment_sends_nothing()
    {
        var simulation = new Simulation(Catalog());
        var overdue = Status("alloc", "platform", RunbookStatusKind.Overdue, new DateOnly(2026, 10, 1));
        Assert.Single(simulation.Run(Day0, overdue));
        Assert.Empty(simulation.Run(Day0, overdue));
    }

    [Fact]
    public void Repeats_only_after_repeatEveryDays_counting_calendar_days()
    {
        var simulation = new Simulation(Catalog(repeatEveryDays: 3));
        var overdue = Status("alloc", "platform", RunbookStatusKind.Overdue, new DateOnly(2026, 10, 1));
        // Reminded at 09:00:05; the timer of three days later fires a few seconds early and still repeats.
        Assert.Single(simulation.Run(Day0.AddSeconds(5), overdue));
        Assert.Empty(simulation.Run(Day0.AddDays(1), overdue));
        Assert.Empty(simulation.Run(Day0.AddDays(2).AddHours(14), overdue));
        var third = Assert.Single(simulation.Run(Day0.AddDays(3), overdue));
        Assert.Equal(2, Assert.Single(third.Digest.Items).ReminderNumber);
        var state = simulation.State("platform", "alloc");
        Assert.Equal((2, Day0.AddSeconds(5), Day0.AddDays(3)), (state.Count, state.FirstSentAt, state.LastSentAt));
    }

    [Fact]
    public void Due_soon_is_reminded_once_then_overdue_is_a_new_state()
    {
        var simulation = new Simulation(Catalog(repeatEveryDays: 1, dueSoonDays: 7));
        var due = DateOnly.FromDateTime(Day0.UtcDateTime).AddDays(6);
        var sent = new List<int>();
        for (var day = 0; day <= 9; day++)
        {
            var now = Day0.AddDays(day);
            var kind = RunbookStatusNames.Evaluate(false, due, 7, DateOnly.FromDateTime(now.UtcDateTime));
            var plans = simulation.Run(now, Status("alloc", "platform", kind, due));
            if (plans.Count > 0)
            {
                sent.Add(day);
                Assert.Equal(kind == RunbookStatusKind.DueSoon ? 1 : day - 6, plans[0].Digest.Items[0].ReminderNumber);
            }
        }
        // Due soon on days 0-6: once. Overdue from day 7: a new state, reminded daily (repeatEveryDays 1).
        Assert.Equal([0, 7, 8, 9], sent);
    }

    [Fact]
    public void After_escalateAfter_reminders_the_escalation_owner_gets_the_runbooks_that_reached_it()
    {
        var simulation = new Simulation(Catalog(repeatEveryDays: 1, escalateAfter: 3));
        var old = Status("alloc", "platform", RunbookStatusKind.Overdue, new DateOnly(2026, 10, 1));
        for (var day = 0; day < 3; day++)
        {
            Assert.Null(Assert.Single(simulation.Run(Day0.AddDays(day), old)).Escalation);
        }
        var fresh = Status("gate", "platform", RunbookStatusKind.NeedsReview, new DateOnly(2026, 12, 1), Finding("pricing", Day0.AddDays(3)));
        var plan = Assert.Single(simulation.Run(Day0.AddDays(3), old, fresh));

        Assert.Equal(["alloc", "gate"], plan.Digest.RunbookIds);
        var escalation = Assert.IsType<ReminderDigest>(plan.Escalation);
        Assert.True(escalation.Escalation);
        Assert.Equal(("lead", "platform"), (escalation.RecipientId, escalation.OwnerId));
        Assert.Equal(["alloc"], escalation.RunbookIds);
        Assert.Equal(4, escalation.Items[0].ReminderNumber);

        // Every later reminder of the same state is escalated too.
        Assert.Equal(["alloc"], simulation.Run(Day0.AddDays(4), old, fresh)[0].Escalation!.RunbookIds);
    }

    [Fact]
    public void An_owner_escalating_to_itself_gets_no_escalation_digest()
    {
        var simulation = new Simulation(Catalog(repeatEveryDays: 1, escalateAfter: 1));
        var overdue = Status("budget-runbook", "budget", RunbookStatusKind.Overdue, new DateOnly(2026, 10, 1));
        simulation.Run(Day0, overdue);
        var plan = Assert.Single(simulation.Run(Day0.AddDays(1), overdue));
        Assert.Equal(2, plan.Digest.Items[0].ReminderNumber);
        Assert.Null(plan.Escalation);
    }

    [Fact]
    public void A_review_takes_the_runbook_out_and_what_follows_starts_a_new_count()
    {
        var simulation = new Simulation(Catalog(repeatEveryDays: 1, escalateAfter: 2));
        var due = new DateOnly(2026, 12, 1);
        var flagged = Status("gate", "platform", RunbookStatusKind.NeedsReview, due, Finding("pricing", Day0.AddDays(-1)));
        for (var day = 0; day < 3; day++)
        {
            simulation.Run(Day0.AddDays(day), flagged);
        }
        Assert.Equal(3, simulation.State("platform", "gate").Count);

        // Reviewed on day 3: findings cleared, cadence restarted, the runbook is current.
        var reviewedDue = DateOnly.FromDateTime(Day0.UtcDateTime).AddDays(33);
        Assert.Empty(simulation.Run(Day0.AddDays(3), Status("gate", "platform", RunbookStatusKind.Current, reviewedDue)));

        // The same source changes again later: a new outstanding state, reminded as the first time.
        var again = Status("gate", "platform", RunbookStatusKind.NeedsReview, reviewedDue, Finding("pricing", Day0.AddDays(10)));
        var plan = Assert.Single(simulation.Run(Day0.AddDays(10), again));
        Assert.Equal(1, plan.Digest.Items[0].ReminderNumber);
        Assert.Null(plan.Escalation);
        Assert.Equal((1, Day0.AddDays(10)), (simulation.State("platform", "gate").Count, simulation.State("platform", "gate").FirstSentAt));
    }

    [Fact]
    public void Another_source_breaking_is_news_even_within_the_repeat_window()
    {
        var simulation = new Simulation(Catalog(repeatEveryDays: 3));
        var one = Finding("pricing", Day0.AddDays(-1));
        simulation.Run(Day0, Status("gate", "platform", RunbookStatusKind.NeedsReview, null, one));
        var two = Finding("docs", Day0.AddDays(1), FindingKind.Broken);
        var plan = Assert.Single(simulation.Run(Day0.AddDays(1), Status("gate", "platform", RunbookStatusKind.NeedsReview, null, one, two)));
        Assert.Equal(1, plan.Digest.Items[0].ReminderNumber);
    }

    [Fact]
    public void The_saved_state_carries_the_stored_version_for_optimistic_concurrency()
    {
        var simulation = new Simulation(Catalog(repeatEveryDays: 1));
        var overdue = Status("alloc", "platform", RunbookStatusKind.Overdue, new DateOnly(2026, 10, 1));
        simulation.Run(Day0, overdue);
        var plan = simulation.Run(Day0.AddDays(1), overdue)[0];
        Assert.Equal("v" + Day0.Ticks, plan.StatesAfterDelivery[0].Version);
    }

    [Fact]
    public void State_keys_name_the_status_and_since_when()
    {
        var a = Finding("pricing", Day0);
        var b = Finding("docs", Day0.AddHours(1), FindingKind.Moved);
        var due = new DateOnly(2026, 12, 1);
        Assert.Equal(
            ReminderStateKey.For(Status("x", "o", RunbookStatusKind.NeedsReview, due, a, b)),
            ReminderStateKey.For(Status("x", "o", RunbookStatusKind.NeedsReview, due, b, a)));
        Assert.NotEqual(
            ReminderStateKey.For(Status("x", "o", RunbookStatusKind.NeedsReview, due, a)),
            ReminderStateKey.For(Status("x", "o", RunbookStatusKind.NeedsReview, due, a with { DetectedAt = Day0.AddDays(1) })));
        Assert.Equal("overdue:2026-12-01", ReminderStateKey.For(Status("x", "o", RunbookStatusKind.Overdue, due)));
        Assert.Equal("due-soon:2026-12-01", ReminderStateKey.For(Status("x", "o", RunbookStatusKind.DueSoon, due)));
        Assert.Equal("overdue:never-reviewed", ReminderStateKey.For(Status("x", "o", RunbookStatusKind.Overdue)));
    }

    [Fact]
    public void Outstanding_since_is_the_first_detection_or_the_cadence_date()
    {
        var due = new DateOnly(2026, 12, 1);
        Assert.Equal(new DateOnly(2026, 11, 1),
            ReminderStateKey.OutstandingSince(Status("x", "o", RunbookStatusKind.NeedsReview, due, Finding("a", Day0), Finding("b", Day0.AddDays(-1))), 7));
        Assert.Equal(new DateOnly(2026, 12, 2), ReminderStateKey.OutstandingSince(Status("x", "o", RunbookStatusKind.Overdue, due), 7));
        Assert.Equal(new DateOnly(2026, 11, 24), ReminderStateKey.OutstandingSince(Status("x", "o", RunbookStatusKind.DueSoon, due), 7));
        Assert.Null(ReminderStateKey.OutstandingSince(Status("x", "o", RunbookStatusKind.Overdue), 7));
    }
}
