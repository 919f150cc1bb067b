using ReviewCadence.Checking;
using ReviewCadence.Runbooks;
using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Runbooks;

/// <summary><see cref="RunbookFindings.FlagSections"/>: a runbook citing only sections of a page, one row per case.</summary>
public class SectionFlagTests
{
    private static readonly DateTimeOffset Earlier = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 3, 9, 8, 0, 0, TimeSpan.Zero);
    private const string PageUrl = "https://docs.example.test/pricing";

    private static readonly SectionJudgement Changed = new("Section \"FAQ\" changed: added \"x\"", new SectionFinding { Section = "FAQ", Added = ["x"] }, 1);
    private static readonly SectionJudgement ClaimGone = new("Claim no longer found in section \"FAQ\": \"y\"", new SectionFinding { Section = "FAQ", Claims = ["y"] }, 2);
    private static readonly SectionJudgement Missing = new("Section \"FAQ\" is no longer on the page", new SectionFinding { Section = "FAQ", Missing = true }, 3);

    private static Citation Cite(FindingKind? open = null, SectionFinding? section = null) => new()
    {
        SourceId = "pricing",
        RunbookId = "gate",
        BaselineFingerprint = "v1",
        BaselineUrl = PageUrl,
        Finding = open,
        DetectedAt = open is null ? null : Earlier,
        FindingDetail = open is null ? null : "as first found",
        FindingSection = section,
    };

    private static SourceVerdict Verdict(CheckOutcome outcome, string? movedTo = null) => new(
        outcome,
        outcome == CheckOutcome.Broken ? "HTTP 404" : "detail",
        ConsecutiveFailures: 0,
        Content: null,
        new FetchResult
        {
            Status = outcome == CheckOutcome.Broken ? FetchStatus.NotFound : FetchStatus.Ok,
            FinalUrl = new Uri(movedTo ?? PageUrl),
            MovedTo = movedTo is null ? null : new Uri(movedTo),
        });

    private static readonly SourceState Next = new() { SourceId = "pricing", Url = PageUrl, Fingerprint = "v2", LastChangeSummary = "Pricing: 1 line changed" };

    [Fact]
    public void A_page_change_outside_the_cited_sections_flags_nothing()
    {
        var citation = Cite();

        Assert.Same(citation, RunbookFindings.FlagSections(citation, Verdict(CheckOutcome.Changed), Next, Now, judgement: null));
    }

    [Fact]
    public void A_section_judgement_is_a_changed_finding_with_its_words_and_section()
    {
        var flagged = RunbookFindings.FlagSections(Cite(), Verdict(CheckOutcome.Changed), Next, Now, ClaimGone);

        Assert.Equal((FindingKind.Changed, Now, ClaimGone.Detail, PageUrl), (flagged.Finding, flagged.DetectedAt, flagged.FindingDetail, flagged.FindingUrl));
        Assert.Equal(ClaimGone.Finding, flagged.FindingSection);
        Assert.Equal("v1", flagged.BaselineFingerprint); // the baseline stays the version reviewed
    }

    [Theory]
    [InlineData(CheckOutcome.Broken, null, FindingKind.Broken)]
    [InlineData(CheckOutcome.Moved, "https://docs.example.test/plans", FindingKind.Moved)]
    public void Broken_and_moved_flag_a_section_citation_as_any_other(CheckOutcome outcome, string? movedTo, FindingKind expected)
    {
        var flagged = RunbookFindings.FlagSections(Cite(FindingKind.Changed, Changed.Finding), Verdict(outcome, movedTo), Next, Now, judgement: null);

        Assert.Equal(expected, flagged.Finding);
        Assert.Null(flagged.FindingSection);
        Assert.Equal(Now, flagged.DetectedAt);
    }

    [Fact]
    public void An_open_section_finding_is_replaced_only_by_a_worse_one()
    {
        var open = Cite(FindingKind.Changed, ClaimGone.Finding);

        Assert.Same(open, RunbookFindings.FlagSections(open, Verdict(CheckOutcome.Changed), Next, Now, Changed));
        Assert.Same(open, RunbookFindings.FlagSections(open, Verdict(CheckOutcome.Changed), Next, Now, ClaimGone));
        var worse = RunbookFindings.FlagSections(open, Verdict(CheckOutcome.Changed), Next, Now, Missing);
        Assert.True(worse.FindingSection!.Missing);
        Assert.Equal(Now, worse.DetectedAt);
        var broken = Cite(FindingKind.Broken);
        Assert.Equal(FindingKind.Broken, RunbookFindings.FlagSections(broken, Verdict(CheckOutcome.Changed), Next, Now, Missing).Finding);
    }

    [Fact]
    public void Severity_ranks_sections_among_changes_below_moves()
    {
        int[] ranks =
        [
            RunbookFindings.Severity(FindingKind.Changed, null),
            RunbookFindings.Severity(FindingKind.Changed, Changed.Finding),
            RunbookFindings.Severity(FindingKind.Changed, ClaimGone.Finding),
            RunbookFindings.Severity(FindingKind.Changed, Missing.Finding),
            RunbookFindings.Severity(FindingKind.Moved, null),
            RunbookFindings.Severity(FindingKind.Broken, null),
        ];

        Assert.Equal(ranks.Order(), ranks);
        Assert.Equal(ranks.Length, ranks.Distinct().Count());
    }
}
