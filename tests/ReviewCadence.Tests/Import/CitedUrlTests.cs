using ReviewCadence.Import;
using static ReviewCadence.Tests.Import.ImportTestData;

namespace ReviewCadence.Tests.Import;

/// <summary>Which URLs a line cites, cleaned of their surroundings, and the access dates written next to them.</summary>
public class CitedUrlTests
{
    private static string[] Urls(string line) => UrlMentions.Find(line).Select(m => m.Written).ToArray();

    [Theory]
    [InlineData("See https://apidoc.cometapi.com/pricing.", "https://apidoc.cometapi.com/pricing")]
    [InlineData("Links: https://apidoc.cometapi.com/a, and more", "https://apidoc.cometapi.com/a")]
    [InlineData("Is it https://apidoc.cometapi.com/a?", "https://apidoc.cometapi.com/a")]
    [InlineData("\"https://apidoc.cometapi.com/quoted\" said", "https://apidoc.cometapi.com/quoted")]
    [InlineData("'https://apidoc.cometapi.com/single'", "https://apidoc.cometapi.com/single")]
    [InlineData("“https://apidoc.cometapi.com/curly”", "https://apidoc.cometapi.com/curly")]
    [InlineData("‘https://apidoc.cometapi.com/curly-single’", "https://apidoc.cometapi.com/curly-single")]
    [InlineData("(see https://apidoc.cometapi.com/in-parens)", "https://apidoc.cometapi.com/in-parens")]
    [InlineData("(https://apidoc.cometapi.com/in-parens).", "https://apidoc.cometapi.com/in-parens")]
    [InlineData("[https://apidoc.cometapi.com/in-brackets]", "https://apidoc.cometapi.com/in-brackets")]
    [InlineData("<https://apidoc.cometapi.com/autolink>", "https://apidoc.cometapi.com/autolink")]
    [InlineData("**https://apidoc.cometapi.com/bold**", "https://apidoc.cometapi.com/bold")]
    [InlineData("`https://apidoc.cometapi.com/code`", "https://apidoc.cometapi.com/code")]
    [InlineData("| https://apidoc.cometapi.com/cell|next |", "https://apidoc.cometapi.com/cell")]
    [InlineData("https://apidoc.cometapi.com/ends…", "https://apidoc.cometapi.com/ends")]
    [InlineData("https://en.wikipedia.org/wiki/Cost_allocation_(accounting)", "https://en.wikipedia.org/wiki/Cost_allocation_(accounting)")]
    [InlineData("(https://en.wikipedia.org/wiki/Cost_allocation_(accounting)).", "https://en.wikipedia.org/wiki/Cost_allocation_(accounting)")]
    [InlineData("[Cost allocation](https://en.wikipedia.org/wiki/Cost_allocation_(accounting))", "https://en.wikipedia.org/wiki/Cost_allocation_(accounting)")]
    [InlineData("[t](https://apidoc.cometapi.com/titled \"Title\")", "https://apidoc.cometapi.com/titled")]
    [InlineData("search https://apidoc.cometapi.com/search?q=a,b&lang=en;", "https://apidoc.cometapi.com/search?q=a,b&lang=en")]
    [InlineData("HTTPS://APIDOC.cometapi.com/Case", "HTTPS://APIDOC.cometapi.com/Case")]
    [InlineData("https://de.wikipedia.org/wiki/Größe.", "https://de.wikipedia.org/wiki/Größe")]
    public void A_url_is_separated_from_the_punctuation_quotes_and_brackets_around_it(string line, string expected)
    {
        Assert.Equal([expected], Urls(line));
    }

    [Theory]
    [InlineData("mailto:finops@cometapi.com and ftp://files.cometapi.com/x")]
    [InlineData("a relative /docs/page and a scheme-less www.cometapi.com")]
    [InlineData("broken https:// and https://?q=1")]
    public void Text_without_an_absolute_http_url_cites_nothing(string line)
    {
        Assert.Empty(Urls(line));
    }

    [Fact]
    public void A_date_glued_to_a_url_by_a_separatorless_table_is_the_access_date()
    {
        // The rows of sample 000, cells fused together by the export.
        var help = Assert.Single(UrlMentions.Find("recharge questions.https://apidoc.cometapi.com/support/help-center2026-07-01“Route account-specific exceptions"));
        Assert.Equal("https://apidoc.cometapi.com/support/help-center", help.Written);
        Assert.Equal(Date("2026-07-01"), help.GluedDate);

        var index = Assert.Single(UrlMentions.Find("or support pages.https://apidoc.cometapi.com/2026-07-01“Start from the index"));
        Assert.Equal("https://apidoc.cometapi.com/", index.Written);
        Assert.Equal(Date("2026-07-01"), index.GluedDate);

        // The next cell starting with a letter instead of a quote.
        var letter = Assert.Single(UrlMentions.Find("x https://www.finops.org/framework/capabilities/allocation/2026-06-30Every runbook"));
        Assert.Equal("https://www.finops.org/framework/capabilities/allocation/", letter.Written);
        Assert.Equal(Date("2026-06-30"), letter.GluedDate);

        // The date glued to a host with no path.
        var host = Assert.Single(UrlMentions.Find("see https://apidoc.cometapi.com2026-07-01"));
        Assert.Equal("https://apidoc.cometapi.com", host.Written);
        Assert.Equal(Date("2026-07-01"), host.GluedDate);
    }

    [Theory]
    [InlineData("Archive: https://status.cometapi.com/history/2026-05-01 was read.")]
    [InlineData("(https://status.cometapi.com/history/2026-05-01)")]
    [InlineData("https://status.cometapi.com/history/2026-05-01-incident")]
    [InlineData("https://status.cometapi.com/history/2026-13-45Z")]
    public void A_date_that_is_part_of_the_path_stays_in_the_url(string line)
    {
        var mention = Assert.Single(UrlMentions.Find(line));
        Assert.StartsWith("https://status.cometapi.com/history/2026-", mention.Written);
        Assert.Null(mention.GluedDate);
    }

    [Fact]
    public void A_markdown_links_text_is_kept_as_a_candidate_title()
    {
        var mentions = UrlMentions.Find("Read [the **pricing** docs](https://apidoc.cometapi.com/pricing) and [https://a.cometapi.com/](https://a.cometapi.com/).");
        // The second link's text is its URL: written twice, neither a title.
        Assert.Equal(["the pricing docs", null, null], mentions.Select(m => m.LinkText));
    }

    [Theory]
    [InlineData("https://apidoc.cometapi.com/a?utm_source=x&utm_medium=y", "https://apidoc.cometapi.com/a")]
    [InlineData("https://apidoc.cometapi.com/a?id=3&UTM_Campaign=x&gclid=1&fbclid=2&msclkid=3", "https://apidoc.cometapi.com/a?id=3")]
    [InlineData("https://apidoc.cometapi.com/a#section", "https://apidoc.cometapi.com/a")]
    [InlineData("HTTPS://ApiDoc.CometAPI.com:443/Path/", "https://apidoc.cometapi.com/Path/")]
    [InlineData("http://apidoc.cometapi.com:80/", "http://apidoc.cometapi.com/")]
    [InlineData("http://apidoc.cometapi.com:8080/x", "http://apidoc.cometapi.com:8080/x")]
    public void A_url_is_written_without_tracking_parameters_fragment_or_default_port_and_with_a_lowercase_host(string written, string clean)
    {
        Assert.True(SourceUrls.TryParse(written, out var url));
        Assert.Equal(clean, url.Clean);
    }

    [Theory]
    [InlineData("https://www.finops.org/framework/capabilities/allocation/", "https://WWW.finops.org/framework/capabilities/allocation?utm_source=x#top")]
    [InlineData("https://apidoc.cometapi.com", "https://apidoc.cometapi.com/")]
    public void Spellings_of_one_page_share_a_key(string a, string b)
    {
        Assert.True(SourceUrls.TryParse(a, out var first));
        Assert.True(SourceUrls.TryParse(b, out var second));
        Assert.Equal(first.Key, second.Key);
    }

    [Theory]
    [InlineData("https://apidoc.cometapi.com/Pricing", "https://apidoc.cometapi.com/pricing")]
    [InlineData("http://apidoc.cometapi.com/a", "https://apidoc.cometapi.com/a")]
    [InlineData("https://apidoc.cometapi.com/a?page=1", "https://apidoc.cometapi.com/a?page=2")]
    public void Different_pages_have_different_keys(string a, string b)
    {
        Assert.True(SourceUrls.TryParse(a, out var first));
        Assert.True(SourceUrls.TryParse(b, out var second));
        Assert.NotEqual(first.Key, second.Key);
    }

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("hooks.example.com", true)]
    [InlineData("wiki.test", true)]
    [InlineData("localhost", true)]
    [InlineData("examples.com", false)]
    [InlineData("apidoc.cometapi.com", false)]
    public void Reserved_example_hosts_are_recognised(string host, bool reserved)
    {
        Assert.Equal(reserved, SourceUrls.IsReservedHost(host));
    }

    [Fact]
    public void A_document_cites_each_page_once_keeping_the_first_spelling_and_the_latest_access_date()
    {
        var parsed = RunbookDocumentParser.Parse(
            """
            First: https://www.finops.org/framework/capabilities/allocation/?utm_source=mail (accessed 2026-06-01)
            Again: https://WWW.FINOPS.ORG/framework/capabilities/allocation#scope, accessed July 3, 2026.
            Once more: https://www.finops.org/framework/capabilities/allocation?gclid=zzz
            """,
            DocumentFormat.Markdown);

        var citation = Assert.Single(parsed.Urls);
        Assert.Equal("https://www.finops.org/framework/capabilities/allocation/", citation.Url.Clean);
        Assert.Equal(Date("2026-07-03"), citation.Accessed);
    }

    [Theory]
    [InlineData("https://a.cometapi.com/ (2026-07-01)", "2026-07-01")]
    [InlineData("https://a.cometapi.com/, accessed 1 July 2026", "2026-07-01")]
    [InlineData("https://a.cometapi.com/ - retrieved on Jul. 2nd, 2026.", "2026-07-02")]
    [InlineData("https://a.cometapi.com/ — last accessed: 2026/7/3", "2026-07-03")]
    [InlineData("Accessed 2026-07-04: https://a.cometapi.com/", "2026-07-04")]
    [InlineData("| Docs | https://a.cometapi.com/ | 2026-07-05 | wording |", "2026-07-05")]
    [InlineData("Docs\thttps://a.cometapi.com/\tJuly 6, 2026", "2026-07-06")]
    [InlineData("https://a.cometapi.com/ describes the changes made on 2026-07-01.", null)]
    [InlineData("https://a.cometapi.com/ (07/01/2026)", null)]
    [InlineData("Published 2026-07-01: https://a.cometapi.com/", null)]
    public void An_access_date_is_read_next_to_a_url_only_where_it_is_clearly_the_access_date(string line, string? expected)
    {
        var citation = Assert.Single(RunbookDocumentParser.Parse(line, DocumentFormat.PlainText).Urls);
        Assert.Equal(expected is null ? null : Date(expected), citation.Accessed);
    }

    [Fact]
    public void In_a_row_with_two_urls_each_takes_the_date_that_follows_it()
    {
        var parsed = RunbookDocumentParser.Parse(
            "| https://a.cometapi.com/ | 2026-07-01 | https://b.cometapi.com/ | 2026-07-02 |\n| https://c.cometapi.com/ | https://d.cometapi.com/ | 2026-07-03 |",
            DocumentFormat.Markdown);

        Assert.Equal(
            [Date("2026-07-01"), Date("2026-07-02"), null, Date("2026-07-03")],
            parsed.Urls.Select(u => u.Accessed));
    }

    [Fact]
    public void Urls_of_reserved_example_hosts_are_warned_about_not_cited()
    {
        var parsed = RunbookDocumentParser.Parse("Post to https://hooks.example.com/review and read https://apidoc.cometapi.com/.", DocumentFormat.PlainText);

        Assert.Equal(["https://apidoc.cometapi.com/"], parsed.Urls.Select(u => u.Url.Clean));
        Assert.Contains("https://hooks.example.com/review is a reserved example address; not a source.", parsed.Notes);
    }

    [Fact]
    public void Credentials_written_into_a_url_are_left_out_and_never_repeated()
    {
        var parsed = RunbookDocumentParser.Parse("Export: https://ops:s3cret-Token@billing.cometapi.com/export?month=7", DocumentFormat.PlainText);

        Assert.Equal(["https://billing.cometapi.com/export?month=7"], parsed.Urls.Select(u => u.Url.Clean));
        Assert.Contains("https://billing.cometapi.com/export?month=7 was written with a user name or password; they were left out of the proposal.", parsed.Notes);
        Assert.DoesNotContain(parsed.Notes, n => n.Contains("s3cret", StringComparison.Ordinal));
    }
}
