using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Tests.Storage;

/// <summary>The contract for what a citation's finding says about a cited section.</summary>
public abstract partial class ReviewStoreContractTests
{
    [Fact]
    public async Task A_section_finding_is_kept_with_its_citation_and_cleared_with_it()
    {
        var section = new SectionFinding
        {
            Section = "Token-based billing",
            Claims = ["billed per token"],
            Removed = ["Models are \"billed per token\", input & output <separately>."],
            Added = ["Models are billed per request.", "ünïcode ✓"],
        };
        var missing = new SectionFinding { Section = "#per-call", Missing = true, Headings = ["Pricing", "FAQ"] };
        await Store.SaveCitationsAsync(
        [
            Cite("s1", "r1") with { Finding = FindingKind.Changed, DetectedAt = T0, FindingDetail = "Claim no longer found", FindingSection = section },
            Cite("s1", "r2") with { Finding = FindingKind.Changed, DetectedAt = T0, FindingSection = missing },
            Cite("s1", "r3") with { Finding = FindingKind.Changed, DetectedAt = T0 },
        ], Ct);

        var stored = await OpenTracked().GetCitationsForSourceAsync("s1", Ct);
        Assert.Equal(section, stored[0].FindingSection);
        Assert.Equal(missing, stored[1].FindingSection);
        Assert.Null(stored[2].FindingSection);
        Assert.Equal(stored[0], (await Store.GetCitationsForRunbookAsync("r1", Ct)).Single());
        Assert.Equal(section, (await Store.GetAllCitationsAsync(Ct)).First().FindingSection);

        await Store.SaveCitationsAsync([stored[0] with { Finding = null, DetectedAt = null, FindingDetail = null, FindingSection = null }], Ct);
        Assert.Null((await Store.GetCitationsForSourceAsync("s1", Ct))[0].FindingSection);
    }
}
