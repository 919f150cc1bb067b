using ReviewCadence.Catalog;
using ReviewCadence.Import;
using static ReviewCadence.Tests.Import.ImportTestData;

namespace ReviewCadence.Tests.Import;

/// <summary>A document's title, last review date, follow-up owner and sources named without URLs.</summary>
public class DocumentFieldTests
{
    private static ParsedRunbook Parse(string text, DocumentFormat format = DocumentFormat.PlainText) =>
        RunbookDocumentParser.Parse(text, format);

    [Theory]
    [InlineData("Last reviewed: July 1, 2026.", "2026-07-01")]
    [InlineData("Last reviewed: 2026-07-03", "2026-07-03")]
    [InlineData("Last reviewed on 1 July 2026", "2026-07-01")]
    [InlineData("Last-Reviewed: 2026-07-03T09:30:00Z", "2026-07-03")]
    [InlineData("last_reviewed: 2026/7/3", "2026-07-03")]
    [InlineData("lastReviewed: 2026-07-03", "2026-07-03")]
    [InlineData("**Last reviewed:** Sept. 3rd, 2026!", "2026-09-03")]
    [InlineData("- Last review date: 03-Sep-2026", "2026-09-03")]
    [InlineData("| Last reviewed | Thursday, 3 September 2026 |", "2026-09-03")]
    [InlineData("## Last reviewed — 29th of February 2028", "2028-02-29")]
    [InlineData("Last reviewed:\n\n  2026-07-03", "2026-07-03")]
    public void The_last_review_date_is_read_in_iso_and_month_name_forms(string text, string expected)
    {
        var parsed = Parse(text);
        Assert.Equal(Date(expected), parsed.LastReviewed);
        Assert.DoesNotContain(parsed.Notes, n => n.Contains("Last reviewed", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Last-Reviewed: 07/01/2026", "'Last reviewed' date '07/01/2026' is ambiguous (day/month order); write it as YYYY-MM-DD or with the month's name. No lastReviewed.")]
    [InlineData("Last reviewed: 13.07.2026", "'Last reviewed' date '13.07.2026' is ambiguous (day/month order); write it as YYYY-MM-DD or with the month's name. No lastReviewed.")]
    [InlineData("Last reviewed: last week", "'Last reviewed' line has no date that can be read: 'Last reviewed: last week'. No lastReviewed.")]
    [InlineData("Last reviewed: 2026-02-30", "'Last reviewed' line has no date that can be read: 'Last reviewed: 2026-02-30'. No lastReviewed.")]
    [InlineData("Reviewed by the team; it was last reviewed on 2026-07-01 in prose.", "no 'Last reviewed' date found. No lastReviewed.")]
    [InlineData("Nothing about reviews.", "no 'Last reviewed' date found. No lastReviewed.")]
    public void A_missing_ambiguous_or_unreadable_review_date_is_a_warning_not_a_guess(string text, string warning)
    {
        var parsed = Parse(text);
        Assert.Null(parsed.LastReviewed);
        Assert.Contains(warning, parsed.Notes);
    }

    [Fact]
    public void Conflicting_review_dates_use_the_first_and_say_so()
    {
        var parsed = Parse("Last reviewed: 2026-07-01\ntext\nLast reviewed: June 1, 2026");
        Assert.Equal(Date("2026-07-01"), parsed.LastReviewed);
        Assert.Contains("several 'Last reviewed' dates (2026-07-01, 2026-06-01); used the first, 2026-07-01", parsed.Notes);
    }

    [Theory]
    [InlineData("follow_up_owner: platform-cost-operator", "platform-cost-operator")]
    [InlineData("Follow-up owner: `finops-lead`.", "finops-lead")]
    [InlineData("**Follow up owner:** finops-lead", "finops-lead")]
    [InlineData("| follow_up_owner | finops-lead | since June |", "finops-lead")]
    [InlineData("follow_up_owner: role-placeholder\nfollow_up_owner: finops-lead", "finops-lead")]
    public void The_follow_up_owner_is_read_from_its_field(string text, string owner)
    {
        Assert.Equal(owner, Parse(text).Owner);
    }

    [Theory]
    [InlineData("role-placeholder")]
    [InlineData("example-owner")]
    [InlineData("placeholder_owner")]
    [InlineData("<owner-role>")]
    [InlineData("{{owner}}")]
    [InlineData("[owner]")]
    [InlineData("TBD")]
    [InlineData("todo")]
    [InlineData("N/A")]
    [InlineData("xxx")]
    [InlineData("team-or-cost-center-PLACEHOLDER")]
    public void A_placeholder_owner_is_no_owner_and_a_warning(string value)
    {
        var parsed = Parse($"follow_up_owner: {value}");
        Assert.Null(parsed.Owner);
        Assert.Contains($"follow_up_owner is a placeholder ('{value}'): no owner yet.", parsed.Notes);
    }

    [Fact]
    public void An_owner_written_as_a_name_is_proposed_as_an_id_with_a_warning()
    {
        var parsed = Parse("follow_up_owner: Platform Cost Operator");
        Assert.Equal("platform-cost-operator", parsed.Owner);
        Assert.Contains("follow_up_owner 'Platform Cost Operator' is not an owner id; proposed 'platform-cost-operator'.", parsed.Notes);
    }

    [Fact]
    public void Other_owner_fields_are_not_the_follow_up_owner()
    {
        var parsed = Parse("owner_group: finops\nowner_label: team-a");
        Assert.Null(parsed.Owner);
        Assert.Contains("no follow_up_owner field: no owner yet.", parsed.Notes);
    }

    [Theory]
    [InlineData("# Token budget runbook\n\nLast reviewed: 2026-07-01", ".md", "Token budget runbook")]
    [InlineData("Intro\n\n# **Token** budget [runbook](https://a.cometapi.com/) ##", ".md", "Token budget runbook")]
    [InlineData("---\ntitle: 'From front matter'\n---\n# Heading", ".md", "From front matter")]
    [InlineData("Token budget runbook\n====\n", ".txt", "Token budget runbook")]
    [InlineData("Title: Token budget runbook\nbody", ".txt", "Token budget runbook")]
    [InlineData("<title>Site title</title><h1>The <em>heading</em></h1>", ".html", "The heading")]
    [InlineData("<html><head><title> Only   a title </title></head><body>x</body></html>", ".html", "Only a title")]
    public void The_title_comes_from_the_documents_heading(string text, string extension, string title)
    {
        Assert.Equal(title, Parse(text, DocumentFormats.ForPath("runbook" + extension)).Title);
    }

    [Theory]
    // The first line that names the document: not a field, not a generic section name.
    [InlineData("Last reviewed: 2026-07-01\n\nShared GPU cost allocation\n\nAllocate by request class.", "Shared GPU cost allocation", false)]
    [InlineData("## Only a second-level heading\n\nBody text.", "Only a second-level heading", false)]
    [InlineData("**Owner**: finops\n\n## Summary\n\n**Token** budget [exceptions](https://a.cometapi.com/)\n\nText.", "Token budget exceptions", false)]
    // No such line: the first sentence of prose, cut at 100 characters.
    [InlineData("Last reviewed: July 1, 2026.\n\nDirect answer\n\nAn AI API token budget runbook should pass. Then more.", "An AI API token budget runbook should pass", true)]
    [InlineData("Direct answer\nBody text.", "Body text", true)]
    [InlineData("Summary\n\nReview the ledger rows that the allocation export of the previous month could not assign to any team before closing it.", "Review the ledger rows that the allocation export of the previous month could not assign to any…", true)]
    // Nothing but a list: its first item.
    [InlineData("follow_up_owner: ops\n\n- Check the pricing page.\n- Check the help center.", "Check the pricing page.", true)]
    public void Without_a_marked_title_the_title_line_or_the_first_sentence_is_the_title(string text, string title, bool noted)
    {
        var parsed = Parse(text, DocumentFormat.Markdown);

        Assert.Equal(title, parsed.Title);
        Assert.Equal(noted, parsed.Notes.Any(n => n.StartsWith("no title line found; title taken from the first", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Last reviewed: 2026-07-01\nfollow_up_owner: ops\n")]
    public void A_document_of_fields_alone_has_no_title_of_its_own(string text)
    {
        Assert.Null(Parse(text, DocumentFormat.PlainText).Title);
    }

    [Fact]
    public void Named_sources_come_from_a_sources_list_and_from_lines_with_an_access_date()
    {
        var parsed = Parse(
            """
            Setup assumptions:
            - The operator has a valid account.
            - CometAPI pricing page is bookmarked - but this list is not about sources.

            ## Sources checked
            - CometAPI help center - accessed 2026-07-02; purpose: verify support.
            - CometAPI documentation: navigation
            * FinOps unit economics capability (June 30, 2026)
              continued explanation of the item above
            - [FinOps allocation](https://www.finops.org/framework/capabilities/allocation/)
            - A very long bullet that is a sentence about how the team should check every source before the review, not a name.
            - cometapi help-center, accessed 2026-07-03
            Contract details to verify
            - Not a source any more: the list above has ended.

            The status page - retrieved July 4, 2026
            The page was accessed 2026-07-05 by the operator.
            """);

        Assert.Equal<(string, DateOnly?)>(
            [
                ("CometAPI help center", Date("2026-07-02")),
                ("CometAPI documentation", null),
                ("FinOps unit economics capability", Date("2026-06-30")),
                ("The status page", Date("2026-07-04")),
            ],
            parsed.NamedSources.Select(n => (n.Name, n.Accessed)));
    }

    [Fact]
    public void An_html_sources_list_is_read_like_a_markdown_one()
    {
        var parsed = Parse(
            "<h2>References</h2><ul><li>CometAPI pricing documentation &ndash; accessed 2 July 2026</li><li><a href='https://apidoc.cometapi.com/'>Docs</a></li></ul><p>After the list.</p><ul><li>Not a source</li></ul>",
            DocumentFormat.Html);

        var named = Assert.Single(parsed.NamedSources);
        Assert.Equal(("CometAPI pricing documentation", (DateOnly?)Date("2026-07-02")), (named.Name, named.Accessed));
        Assert.Equal(["https://apidoc.cometapi.com/"], parsed.Urls.Select(u => u.Url.Clean));
    }

    [Theory]
    [InlineData("CometAPI help center", "cometapi-help-center", true)]
    [InlineData("cometapi HELP-CENTER.", "cometapi-help-center", true)]
    [InlineData("CometAPI documentation", "cometapi-docs", true)]
    [InlineData("CometAPI pricing docs", "cometapi-pricing-docs", true)]
    [InlineData("FinOps allocation capability", "finops-allocation", false)]
    [InlineData("FinOps unit economics capabilities", "finops-unit-economics", false)]
    public void A_named_source_matches_the_catalog_by_title_or_id_words(string name, string id, bool exact)
    {
        var match = SourceTitleMatcher.Match(name, CometApiCatalog().Sources);
        Assert.Equal(id, match.Source?.Id);
        Assert.Equal(exact, match.Exact);
    }

    [Theory]
    [InlineData("CometAPI status page")]
    [InlineData("Internal cost dashboard")]
    [InlineData("pricing")]
    public void A_name_with_no_clear_match_is_unresolved(string name)
    {
        Assert.Null(SourceTitleMatcher.Match(name, CometApiCatalog().Sources).Source);
    }

    [Fact]
    public void A_name_two_sources_fit_equally_is_ambiguous_not_guessed()
    {
        SourceDefinition[] sources =
        [
            Source("vendor-billing-guide", "https://a.cometapi.com/billing", "Vendor billing guide"),
            Source("vendor-billing-faq", "https://a.cometapi.com/faq", "Vendor billing FAQ"),
        ];

        var match = SourceTitleMatcher.Match("Vendor billing", sources);

        Assert.Null(match.Source);
        Assert.Equal(["vendor-billing-faq", "vendor-billing-guide"], match.Candidates.Select(c => c.Id));
    }

    [Theory]
    [InlineData("000_c5f7f6b9d7f92177", "000-c5f7f6b9d7f92177")]
    [InlineData("Token Budget -- Runbook (v2)", "token-budget-runbook-v2")]
    [InlineData("Café_Überprüfung", "cafe-uberprufung")]
    [InlineData("___", "")]
    public void Slugs_are_lowercase_letters_digits_and_single_hyphens(string text, string slug)
    {
        Assert.Equal(slug, Slug.Of(text));
    }

    [Theory]
    [InlineData("2026-07-01", "2026-07-01")]
    [InlineData("July 1, 2026", "2026-07-01")]
    [InlineData("Jul 1 2026", "2026-07-01")]
    [InlineData("1st of July, 2026", "2026-07-01")]
    [InlineData("01-jul-2026", "2026-07-01")]
    [InlineData("DECEMBER 31, 1999", "1999-12-31")]
    public void Dates_are_read_in_iso_and_month_name_forms(string text, string expected)
    {
        Assert.Equal(Date(expected), DateText.First(text));
    }

    [Theory]
    [InlineData("07/01/2026")]
    [InlineData("1.7.2026")]
    [InlineData("31/12/2026")]
    public void Numeric_day_month_dates_are_found_but_not_read(string text)
    {
        var mention = Assert.Single(DateText.Find(text));
        Assert.True(mention.Ambiguous);
        Assert.Null(DateText.First(text));
    }

    [Theory]
    [InlineData("version 10.0.15")]
    [InlineData("2026-02-30")]
    [InlineData("May 2026")]
    public void Things_that_are_not_full_dates_are_not_dates(string text)
    {
        Assert.Null(DateText.First(text));
    }
}
