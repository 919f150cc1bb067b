using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Runbooks;
using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Runbooks;

/// <summary>The rules of runbook findings (<see cref="RunbookFindings"/>), one row per case, without a store or a fetch.</summary>
public class RunbookFindingsTests
{
    private static readonly DateTimeOffset Earlier = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 3, 9, 8, 0, 0, TimeSpan.Zero);
    private const string PageUrl = "https://docs.example.test/pricing";

    /// <summary>One row: the citation before, the run's verdict and the source's next state, and what the citation must become.</summary>
    public sealed record FlagCase(
        string Name,
        string? Baseline,
        FindingKind? Open,
        CheckOutcome Outcome,
        string? Fingerprint,
        string? MovedTo,
        string? Summary,
        string? ExpectedBaseline,
        FindingKind? ExpectedFinding,
        string? ExpectedDetail,
        string? ExpectedUrl,
        bool ExpectedNew)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<FlagCase> FlagCases => new()
    {
        // First sight: the fetched version becomes the baseline, nothing is flagged.
        new("first sight sets the baseline", null, null, CheckOutcome.New, "v1", null, null, "v1", null, null, null, false),
        new("same version: nothing", "v1", null, CheckOutcome.Unchanged, "v1", null, null, "v1", null, null, null, false),
        new("new version: changed, with the change's words", "v1", null, CheckOutcome.Changed, "v2", null, "Volume pricing: section removed", "v1", FindingKind.Changed, "Volume pricing: section removed", PageUrl, true),
        new("new version without words: 'content changed'", "v1", null, CheckOutcome.Changed, "v2", null, null, "v1", FindingKind.Changed, "content changed", PageUrl, true),
        new("broken: flagged with the verdict's detail", "v1", null, CheckOutcome.Broken, "v1", null, null, "v1", FindingKind.Broken, "HTTP 404", PageUrl, true),
        new("broken at first sight: no baseline from a broken page", null, null, CheckOutcome.Broken, "v1", null, null, null, FindingKind.Broken, "HTTP 404", PageUrl, true),
        new("permanent move to another page: moved, pointing at the new URL", "v1", null, CheckOutcome.Moved, "v1", "https://docs.example.test/plans", null, "v1", FindingKind.Moved, "moved", "https://docs.example.test/plans", true),
        new("move to the same page (http to https): nothing", "v1", null, CheckOutcome.Unchanged, "v1", "http://docs.example.test/pricing", null, "v1", null, null, null, false),
        new("a worse finding replaces an open one", "v1", FindingKind.Changed, CheckOutcome.Moved, "v1", "https://docs.example.test/plans", null, "v1", FindingKind.Moved, "moved", "https://docs.example.test/plans", true),
        new("broken outranks an open move", "v1", FindingKind.Moved, CheckOutcome.Broken, "v1", null, null, "v1", FindingKind.Broken, "HTTP 404", PageUrl, true),
        new("a milder finding keeps the open one", "v1", FindingKind.Broken, CheckOutcome.Changed, "v2", null, "edited", "v1", FindingKind.Broken, "as first found", PageUrl, false),
        new("two edits before a review are one finding", "v1", FindingKind.Changed, CheckOutcome.Changed, "v3", null, "edited again", "v1", FindingKind.Changed, "as first found", PageUrl, false),
    };

    [Theory]
    [MemberData(nameof(FlagCases))]
    public void A_verdict_flags_the_citing_runbook_by_the_rules(FlagCase row)
    {
        var citation = new Citation
        {
            SourceId = "pricing",
            RunbookId = "gate",
            BaselineFingerprint = row.Baseline,
            BaselineUrl = row.Baseline is null ? null : PageUrl,
            Finding = row.Open,
            DetectedAt = row.Open is null ? null : Earlier,
            FindingDetail = row.Open is null ? null : "as first found",
            FindingUrl = row.Open is null ? null : PageUrl,
        };
        var detail = row.Outcome switch { CheckOutcome.Broken => "HTTP 404", CheckOutcome.Moved => "moved", _ => null };
        var verdict = Verdict(row.Outcome, detail, row.MovedTo);
        var next = new SourceState { SourceId = "pricing", Url = PageUrl, Fingerprint = row.Fingerprint, LastChangeSummary = row.Summary };

        var updated = RunbookFindings.Flag(citation, verdict, next, Now);

        Assert.Equal(row.ExpectedBaseline, updated.BaselineFingerprint);
        Assert.Equal(row.ExpectedFinding, updated.Finding);
        Assert.Equal(row.ExpectedDetail, updated.FindingDetail);
        Assert.Equal(row.ExpectedUrl, updated.FindingUrl);
        Assert.Equal(row.ExpectedFinding is null ? null : row.ExpectedNew ? Now : Earlier, updated.DetectedAt);
        Assert.Equal("gate", updated.RunbookId);
    }

    [Fact]
    public void Only_the_citations_a_verdict_changes_are_returned_for_saving()
    {
        var reviewed = new Citation { SourceId = "pricing", RunbookId = "current", BaselineFingerprint = "v2", BaselineUrl = PageUrl };
        var behind = new Citation { SourceId = "pricing", RunbookId = "behind", BaselineFingerprint = "v1", BaselineUrl = PageUrl };
        var next = new SourceState { SourceId = "pricing", Url = PageUrl, Fingerprint = "v2", LastChangeSummary = "edited" };

        var changed = RunbookFindings.Flag([reviewed, behind], Verdict(CheckOutcome.Changed, null, null), next, Now).ToList();

        var only = Assert.Single(changed);
        Assert.Equal(("behind", FindingKind.Changed), (only.RunbookId, only.Finding));
    }

    [Theory]
    [InlineData(FindingKind.Broken, FindingKind.Moved)]
    [InlineData(FindingKind.Moved, FindingKind.Changed)]
    [InlineData(FindingKind.Broken, FindingKind.Changed)]
    public void Severity_orders_broken_over_moved_over_changed(FindingKind worse, FindingKind milder) =>
        Assert.True(RunbookFindings.Severity(worse) > RunbookFindings.Severity(milder));

    [Fact]
    public void Reconcile_adds_new_pairs_from_the_sources_current_version_and_removes_dropped_ones()
    {
        var catalog = new ReviewCatalog
        {
            FilePath = "catalog.yaml",
            Sources =
            [
                Source("pricing", PageUrl),
                Source("help", "https://help.example.test/"),
                Source("unseen", "https://docs.example.test/unseen"),
            ],
            Owners = [new OwnerDefinition { Id = "ops" }],
            Runbooks =
            [
                new RunbookDefinition { Id = "gate", Title = "Gate", Owner = "ops", SourceIds = ["pricing", "help"] },
                new RunbookDefinition { Id = "budget", Title = "Budget", Owner = "ops", SourceIds = ["unseen"] },
            ],
        };
        var kept = new Citation { SourceId = "pricing", RunbookId = "gate", BaselineFingerprint = "v1", BaselineUrl = PageUrl, Finding = FindingKind.Changed };
        var dropped = new Citation { SourceId = "pricing", RunbookId = "retired", BaselineFingerprint = "v1" };
        var states = new Dictionary<string, SourceState>
        {
            ["help"] = new() { SourceId = "help", Url = "https://help.example.test/", FinalUrl = "https://help.example.test/home", Fingerprint = "h7" },
        };

        var changes = RunbookFindings.Reconcile(catalog, [kept, dropped], states);

        Assert.Equal(
            [("gate", "help", "h7", "https://help.example.test/home"), ("budget", "unseen", null, "https://docs.example.test/unseen")],
            changes.Added.Select(c => (c.RunbookId, c.SourceId, c.BaselineFingerprint, c.BaselineUrl)).OrderBy(c => c.SourceId, StringComparer.Ordinal).ToArray());
        Assert.Equal([dropped], changes.Removed);
        Assert.Equal(kept, changes.Current[0]);
        Assert.Equal(3, changes.Current.Count);
        Assert.Empty(RunbookFindings.Reconcile(catalog, changes.Current, states).Added);
    }

    private static SourceDefinition Source(string id, string url) => new() { Id = id, Url = new Uri(url) };

    private static SourceVerdict Verdict(CheckOutcome outcome, string? detail, string? movedTo) => new(
        outcome,
        detail,
        ConsecutiveFailures: 0,
        Content: null,
        new FetchResult
        {
            Status = outcome == CheckOutcome.Broken ? FetchStatus.NotFound : FetchStatus.Ok,
            FinalUrl = new Uri(movedTo ?? PageUrl),
            MovedTo = movedTo is null ? null : new Uri(movedTo),
        });
}
