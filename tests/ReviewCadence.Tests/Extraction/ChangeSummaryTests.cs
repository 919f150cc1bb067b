using ReviewCadence.Extraction;

namespace ReviewCadence.Tests.Extraction;

public sealed class ChangeSummaryTests
{
    private const string Before = """
        # Pricing
        Intro line.
        ## Token-based billing
        Chat models | 1M tokens | 0.8
        Image models | per call | 1.0
        ## Volume pricing
        Contact support.
        ## Limits
        - 60 requests per minute
        """;

    [Fact]
    public void Equal_texts_have_no_changes() => Assert.Equal("No content changes", ChangeSummary.Describe(Before, Before));

    [Fact]
    public void Sections_removed_and_lines_changed_are_named()
    {
        var after = Before.Replace("| 0.8", "| 0.9").Replace("## Volume pricing\nContact support.\n", "");
        Assert.Equal("Token-based billing: 1 line changed; Volume pricing: section removed", ChangeSummary.Describe(Before, after));
    }

    [Fact]
    public void Sections_added_renamed_and_lines_added_or_removed_are_named()
    {
        Assert.Equal("Support: section added",
            ChangeSummary.Describe(Before, Before + "\n## Support\nMail us."));
        Assert.Equal("Limits: renamed to \"Rate limits\"",
            ChangeSummary.Describe(Before, Before.Replace("## Limits", "## Rate limits")));
        Assert.Equal("Limits: 2 lines added",
            ChangeSummary.Describe(Before, Before + "\n- 10 concurrent streams\n- 5 images per request"));
        Assert.Equal("Token-based billing: 1 line removed",
            ChangeSummary.Describe(Before, Before.Replace("Image models | per call | 1.0\n", "")));
        Assert.Equal("Pricing: 1 line changed",
            ChangeSummary.Describe(Before, Before.Replace("Intro line.", "New intro.")));
    }

    [Fact]
    public void Lines_before_any_heading_are_described_without_a_section()
    {
        Assert.Equal("1 line changed", ChangeSummary.Describe("{\n  \"a\": 1\n}", "{\n  \"a\": 2\n}"));
        Assert.Equal("3 lines added", ChangeSummary.Describe("", "one\ntwo\nthree"));
    }

    [Fact]
    public void Comment_lines_in_code_are_not_headings()
    {
        const string before = "## Install\n```\n# install the tool\nnpm i tool\n```";
        Assert.Equal("Install: 1 line changed", ChangeSummary.Describe(before, before.Replace("npm i tool", "npm i tool@2")));
        Assert.Equal("Install: 1 line changed", ChangeSummary.Describe(before, before.Replace("# install the tool", "# install it")));
    }

    [Fact]
    public void Long_summaries_are_capped()
    {
        var before = string.Join("\n", Enumerable.Range(1, 6).Select(i => $"## S{i}\nline {i}"));
        var after = before.Replace("line", "row");
        Assert.Equal("S1: 1 line changed; S2: 1 line changed; S3: 1 line changed; and 3 more sections", ChangeSummary.Describe(before, after));
        Assert.EndsWith("; and 1 more section", ChangeSummary.Describe(before, before.Replace("line 1", "x").Replace("line 2", "x").Replace("line 3", "x").Replace("line 4", "x")));
    }
}
