using ReviewCadence.Catalog;
using ReviewCadence.Extraction;
using ReviewCadence.Runbooks;

namespace ReviewCadence.Tests.Runbooks;

/// <summary>The pure judgement of a runbook's section citations: reviewed version against the page now.</summary>
public class CitedSectionsTests
{
    private const string Reviewed = "# Pricing\nIntro.\n## Token-based billing\nBilled per token.\nInput and output apart.\n## Per-call billing\nBilled per call.\n## FAQ\nAsk support.";

    private static SourceCitation Cite(string heading, params string[] claims) =>
        new() { SourceId = "pricing", Section = CitedSection.ByHeading(heading), Claims = claims };

    private static SectionJudgement? Judge(string now, params SourceCitation[] cited) =>
        CitedSections.Judge(cited, PageOutline.Of(now, null), PageOutline.Of(Reviewed, null));

    [Fact]
    public void An_edit_elsewhere_on_the_page_is_not_a_finding()
    {
        Assert.Null(Judge(Reviewed.Replace("Ask support.", "Ask support within 30 days."), Cite("Token-based billing", "billed per token")));
        Assert.Null(Judge(Reviewed.Replace("Intro.", "A new intro."), Cite("Per-call billing")));
    }

    [Fact]
    public void An_edit_in_the_section_is_a_finding_quoting_it()
    {
        var judgement = Judge(Reviewed.Replace("Billed per call.", "Billed per call, minimum 10."), Cite("Per-call billing"))!;

        Assert.Equal(1, judgement.Rank);
        Assert.Equal("Per-call billing", judgement.Finding.Section);
        Assert.Equal(["Billed per call."], judgement.Finding.Removed);
        Assert.Equal(["Billed per call, minimum 10."], judgement.Finding.Added);
        Assert.Equal("Section \"Per-call billing\" changed: removed \"Billed per call.\"; added \"Billed per call, minimum 10.\"", judgement.Detail);
    }

    [Fact]
    public void A_claim_gone_outranks_other_changes_and_names_the_claim()
    {
        var now = Reviewed.Replace("Billed per token.", "Billed per request.").Replace("Billed per call.", "Billed per call, minimum 10.");

        var judgement = Judge(now, Cite("Per-call billing"), Cite("Token-based billing", "billed per token", "input and output apart"))!;

        Assert.Equal(2, judgement.Rank);
        Assert.Equal(["billed per token"], judgement.Finding.Claims);
        Assert.Equal("Claim no longer found in section \"Token-based billing\": \"billed per token\"", judgement.Detail);
    }

    [Fact]
    public void A_section_gone_outranks_everything_and_lists_the_headings_now()
    {
        var judgement = Judge(Reviewed.Replace("## Per-call billing", "## Per-request billing"), Cite("Per-call billing"), Cite("Token-based billing", "gone claim"))!;

        Assert.Equal(3, judgement.Rank);
        Assert.True(judgement.Finding.Missing);
        Assert.Equal(["Pricing", "Token-based billing", "Per-request billing", "FAQ"], judgement.Finding.Headings);
        Assert.StartsWith("Section \"Per-call billing\" is no longer on the page", judgement.Detail);
    }

    [Fact]
    public void At_first_sight_only_a_missing_section_or_claim_is_a_finding()
    {
        var now = PageOutline.Of(Reviewed, null);

        Assert.Null(CitedSections.Judge([Cite("FAQ")], now, baseline: null));
        Assert.Equal(2, CitedSections.Judge([Cite("FAQ", "call us")], now, baseline: null)!.Rank);
        Assert.Equal(3, CitedSections.Judge([Cite("Volume")], now, baseline: null)!.Rank);
    }

    [Fact]
    public void A_lost_reviewed_version_is_flagged_on_the_safe_side()
    {
        var judgement = CitedSections.Judge([Cite("FAQ")], PageOutline.Of(Reviewed, null), baseline: null, baselineLost: true)!;

        Assert.Contains("no longer stored", judgement.Detail, StringComparison.Ordinal);
    }
}
