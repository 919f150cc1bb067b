using ReviewCadence.Extraction;

namespace ReviewCadence.Tests.Extraction;

/// <summary>
/// Every labelled pair through the real extractor with default settings: noise must give equal fingerprints, a
/// change different ones, and the change summary must name the section that changed.
/// </summary>
public sealed class ChangeCorpusTests
{
    private static readonly ContentExtractor Extractor = new();

    // The provided corpus has no summary expectations of its own: the sections its descriptions name.
    private static readonly Dictionary<string, string> ProvidedMentions = new()
    {
        ["change-table-cell"] = "Token-based billing: 1 line changed",
        ["change-reworded"] = "How billing works: 1 line changed",
        ["change-section-removed"] = "Volume pricing: section removed",
        ["change-list-item"] = "Per-call billing: 1 line added",
        ["change-code-sample"] = "Volume pricing: 1 line changed",
        ["change-wp-heading-renamed"] = "Measures of Success & KPIs: renamed to \"Key Performance Indicators\"",
        ["change-wp-maturity-item"] = "Walk: 1 line changed",
        ["change-wp-section-added"] = "Functional Activities: section added",
    };

    public static TheoryData<string, string> ProvidedCases() => CasesOf("change-corpus");

    public static TheoryData<string, string> ExtraCases() => CasesOf("change-corpus-extra");

    private static TheoryData<string, string> CasesOf(string corpus)
    {
        var data = new TheoryData<string, string>();
        foreach (var c in ChangeCorpus.Load(corpus))
            data.Add(corpus, c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(ProvidedCases))]
    [MemberData(nameof(ExtraCases))]
    public void Pair_is_classified_as_labelled(string corpus, string name)
    {
        var pair = ChangeCorpus.Find(corpus, name);
        var before = ExtractSide(pair, "before");
        var after = ExtractSide(pair, "after");

        Assert.False(before.Thin, $"{name}: before extracted as thin:\n{before.Text}");
        Assert.False(after.Thin, $"{name}: after extracted as thin:\n{after.Text}");
        var summary = ChangeSummary.Describe(before.Text, after.Text);
        if (pair.ExpectChanged)
        {
            Assert.True(before.Fingerprint != after.Fingerprint, $"{name}: missed edit ({pair.What})");
            var mentions = pair.Mentions ?? ProvidedMentions[name];
            Assert.Contains(mentions, summary);
        }
        else
        {
            Assert.True(before.Fingerprint == after.Fingerprint,
                $"{name}: false change ({pair.What}):\n{UnifiedDiff.Create(before.Text, after.Text, "before", "after")}");
            Assert.Equal("No content changes", summary);
        }
    }

    [Fact]
    public void Every_provided_change_has_a_summary_expectation()
    {
        var changed = ChangeCorpus.Load("change-corpus").Where(c => c.ExpectChanged).Select(c => c.Name).Order();
        Assert.Equal(changed, ProvidedMentions.Keys.Order());
        Assert.All(ChangeCorpus.Load("change-corpus-extra").Where(c => c.ExpectChanged), c => Assert.NotNull(c.Mentions));
    }

    [Fact]
    public void Html_pages_keep_their_content_and_lose_their_furniture()
    {
        var mintlify = ExtractSide(ChangeCorpus.Find("change-corpus", "noise-banner-chat"), "before");
        Assert.Equal("html", mintlify.Kind);
        Assert.Equal("About pricing - CometAPI", mintlify.Title);
        Assert.StartsWith("# About pricing\n## How billing works\n", mintlify.Text);
        Assert.Contains("Chat models | 1M tokens | 0.8", mintlify.Text);
        Assert.Contains("- Failed calls are not billed.", mintlify.Text);
        Assert.Contains("```\ncurl https://api.cometapi.com/v1/chat/completions", mintlify.Text);
        foreach (var furniture in new[] { "Documentation", "Introduction", "On this page", "Last modified", "helpful", "Mintlify", "cookies", "AI", "Pricing\n" })
            Assert.DoesNotContain(furniture, mintlify.Text);

        var wordpress = ExtractSide(ChangeCorpus.Find("change-corpus", "noise-wp-cookie-event-footer"), "before");
        Assert.StartsWith("# Allocation\n## Definition\n", wordpress.Text);
        Assert.Contains("### Walk\n- At least 80% of cost can be allocated.", wordpress.Text);
        foreach (var furniture in new[] { "FinOps X", "Breadcrumb", "Framework /", "On this page", "CC BY", "cookies", "Documentation" })
            Assert.DoesNotContain(furniture, wordpress.Text);

        var docusaurus = ExtractSide(ChangeCorpus.Find("change-corpus-extra", "docusaurus-noise-chrome"), "before");
        Assert.StartsWith("# Token budgets\nA token budget caps", docusaurus.Text);
        Assert.Contains("warning\nBudgets reset at 00:00 UTC", docusaurus.Text);
        Assert.Contains("```\nclient.budgets.set(limit=500)\nclient.budgets.alert(at=0.8)\n```", docusaurus.Text);
        Assert.Contains("- Python\n- Node.js", docusaurus.Text);
        foreach (var furniture in new[] { "Last updated", "Edit this page", "Billing overview", "Skip to main", "star on GitHub", "Copyright", "Previous", "Introduction" })
            Assert.DoesNotContain(furniture, docusaurus.Text);
    }

    private static ExtractedContent ExtractSide(ChangeCase pair, string side)
    {
        var path = pair.FilePath(side);
        return Extractor.Extract(File.ReadAllBytes(path), pair.ContentTypeFor(path), pair.PageUrl, ExtractionRules.None);
    }
}
