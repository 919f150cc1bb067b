using System.Text;
using ReviewCadence.Catalog;
using ReviewCadence.Import;
using static ReviewCadence.Tests.Import.ImportTestData;

namespace ReviewCadence.Tests.Import;

/// <summary>Importing folders of messy documents: every rule, and faults that must not stop the other files.</summary>
public class RunbookImporterTests
{
    [Fact]
    public async Task A_folder_is_searched_recursively_in_path_order_for_runbook_extensions_only()
    {
        var result = await ImportAsync(null, Messy);

        // Hidden folders and other extensions (.csv) are left out; nested folders are read after their parent's files.
        Assert.Equal(
            ["html-table.html", "markdown-links.md", "no-date-placeholder-owner.txt", "nested/ambiguous-date.markdown", "nested/dated-urls.htm"],
            result.Runbooks.Select(r => Path.GetRelativePath(Messy, r.Document).Replace('\\', '/')));
        Assert.Equal(["html-table", "markdown-links", "no-date-placeholder-owner", "ambiguous-date", "dated-urls"], result.Runbooks.Select(r => r.Id));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task An_html_table_row_ties_a_links_url_to_the_next_cells_date()
    {
        var result = await ImportAsync(null, Path.Combine(Messy, "html-table.html"));

        var runbook = Assert.Single(result.Runbooks);
        Assert.Equal("Allocation review runbook", runbook.Title);
        Assert.Equal(Date("2026-07-01"), runbook.LastReviewed);
        Assert.Equal("finops-lead", runbook.Owner);
        // Navigation, scripts, stylesheet links and relative links are not citations.
        Assert.Equal(
            [
                ("https://www.finops.org/framework/capabilities/allocation/", Date("2026-06-30")),
                ("https://www.finops.org/framework/capabilities/unit-economics/", Date("2026-06-29")),
                ("https://apidoc.cometapi.com/support/help-center", null),
                ("https://apidoc.cometapi.com/", null),
            ],
            runbook.UrlsAndDates());
        Assert.Equal(["FinOps allocation", null, "Help center", "CometAPI documentation"], result.NewSources.Select(s => s.Title));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task Markdown_links_autolinks_parentheses_and_tracking_duplicates_become_one_clean_citation_each()
    {
        var result = await ImportAsync(null, Path.Combine(Messy, "markdown-links.md"));

        var runbook = Assert.Single(result.Runbooks);
        Assert.Equal("Token budget: quality gate", runbook.Title);
        Assert.Equal(Date("2026-03-03"), runbook.LastReviewed);
        Assert.Equal("platform-cost-operator", runbook.Owner);
        Assert.Equal(
            [
                ("https://apidoc.cometapi.com/pricing/about-pricing", Date("2026-03-02")),
                ("https://apidoc.cometapi.com/support/help-center", null),
                ("https://www.finops.org/framework/capabilities/allocation/", null),
                ("https://en.wikipedia.org/wiki/Cost_allocation_(accounting)", null),
                ("https://www.finops.org/framework/capabilities/unit-economics/", Date("2026-03-01")),
            ],
            runbook.UrlsAndDates());
        Assert.Equal("CometAPI pricing docs", result.NewSources[0].Title);
        Assert.Equal(
            [
                "https://example.com/not-a-source is a reserved example address; not a source.",
                "CometAPI public pricing page (accessed 2026-03-01): no catalog source with that title; add its URL.",
                "Internal cost dashboard: no catalog source with that title; add its URL.",
            ],
            result.MessagesFor(runbook.Id));
    }

    [Fact]
    public async Task A_document_with_no_date_no_sources_and_a_placeholder_owner_is_still_proposed_with_warnings()
    {
        var result = await ImportAsync(null, Path.Combine(Messy, "no-date-placeholder-owner.txt"));

        var runbook = Assert.Single(result.Runbooks);
        // Its first line names it; the file name is not used while the document has text.
        Assert.Equal("Quarterly chargeback check", runbook.Title);
        Assert.Null(runbook.LastReviewed);
        Assert.Null(runbook.Owner);
        Assert.Empty(runbook.Sources);
        Assert.Equal(
            [
                "no 'Last reviewed' date found. No lastReviewed.",
                "follow_up_owner is a placeholder ('<owner-role>'): no owner yet.",
                "no sources found: no http(s) URLs and no sources named in a sources list.",
            ],
            result.MessagesFor(runbook.Id));
    }

    [Fact]
    public async Task Dated_paths_stay_whole_and_an_access_date_before_the_url_is_read()
    {
        var result = await ImportAsync(null, Path.Combine(Messy, "nested", "dated-urls.htm"));

        var runbook = Assert.Single(result.Runbooks);
        Assert.Equal(Date("2026-05-04"), runbook.LastReviewed);
        Assert.Equal(
            [("https://status.cometapi.com/history/2026-05-01", null), ("https://www.cometapi.com/pricing/", Date("2026-05-03"))],
            runbook.UrlsAndDates());
        Assert.Equal(["status-cometapi-com-history-2026-05-01", "cometapi-com-pricing"], runbook.Sources.Select(s => s.Id));
    }

    [Fact]
    public async Task The_catalog_supplies_ids_for_known_pages_and_checks_owners()
    {
        var catalog = CometApiCatalog(Source("cometapi-status-history", "https://status.cometapi.com/history/2026-05-01", isImplicit: true));

        var result = await ImportAsync(catalog, Messy);

        Assert.Equal(["en-wikipedia-org-wiki-cost-allocation-accounting"], result.NewSources.Select(s => s.Id));
        var dated = result.Runbooks.Single(r => r.Id == "dated-urls");
        Assert.Equal(
            [("cometapi-status-history", CitedSourceOrigin.CatalogImplicit), ("cometapi-pricing-page", CitedSourceOrigin.Catalog)],
            dated.Sources.Select(s => (s.Id, s.Origin)));
        // platform-cost-operator is a catalog owner; finops-lead is not.
        Assert.Contains("owner 'finops-lead' is not in the catalog's owners; add it there.", result.MessagesFor("html-table"));
        Assert.DoesNotContain(result.Warnings, w => w.Runbook == "markdown-links" && w.Message.StartsWith("owner ", StringComparison.Ordinal));
        // "CometAPI public pricing page" is close enough to "CometAPI pricing page", but not word for word.
        var markdown = result.Runbooks.Single(r => r.Id == "markdown-links");
        Assert.Equal(("cometapi-pricing-page", (DateOnly?)Date("2026-03-01")), (markdown.Sources[^1].Id, markdown.Sources[^1].Accessed));
        Assert.Contains(
            "CometAPI public pricing page (accessed 2026-03-01): matched to catalog source 'cometapi-pricing-page' (CometAPI pricing page) by similar words; check it.",
            result.MessagesFor("markdown-links"));
    }

    [Fact]
    public async Task Ids_stay_unique_across_documents_and_against_the_catalog()
    {
        using var folder = new TempFolder();
        folder.Write("a/runbook.md", "Last reviewed: 2026-07-01\nhttps://apidoc.cometapi.com/\n");
        folder.Write("b/runbook.txt", "Last reviewed: 2026-07-01\nhttps://apidoc.cometapi.com/?page=2\n");
        folder.Write("c/token-budget-quality-gate.md", "Last reviewed: 2026-07-01\n");
        // The catalog already uses the id the docs index URL would get, for another page.
        var catalog = new ReviewCatalog
        {
            FilePath = "catalog.yaml",
            Sources = [Source("apidoc-cometapi-com", "https://apidoc.cometapi.com/other")],
            Owners = [],
            Runbooks = [new RunbookDefinition { Id = "token-budget-quality-gate", Title = "Gate", Owner = "o", SourceIds = [] }],
        };

        var result = await ImportAsync(catalog, folder.Path);

        Assert.Equal(["runbook", "runbook-2", "token-budget-quality-gate"], result.Runbooks.Select(r => r.Id));
        Assert.Contains("another document already gave the id 'runbook'; this one is 'runbook-2'.", result.MessagesFor("runbook-2"));
        Assert.Contains("the catalog already has a runbook 'token-budget-quality-gate'; merge this proposal into it rather than adding a second.", result.MessagesFor("token-budget-quality-gate"));

        var ids = result.NewSources.Select(s => s.Id).ToList();
        Assert.Equal(2, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^apidoc-cometapi-com-[0-9a-f]{6}$", id));

        // The suffix depends only on the URL: importing in the other order gives each URL the same id.
        var reversed = await ImportAsync(catalog, Path.Combine(folder.Path, "b"), Path.Combine(folder.Path, "a"));
        Assert.Equal(
            result.NewSources.ToDictionary(s => s.Url, s => s.Id),
            reversed.NewSources.ToDictionary(s => s.Url, s => s.Id));
    }

    [Fact]
    public async Task Unreadable_paths_are_reported_each_with_its_reason_and_the_rest_is_imported()
    {
        using var folder = new TempFolder();
        var good = folder.Write("good.md", "# Good\nLast reviewed: 2026-07-01\nhttps://apidoc.cometapi.com/\n");
        var binary = folder.WriteBytes("scan.md", [0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0xFF]);
        var large = folder.Write("huge.txt", new string('a', 2_000));
        var empty = Path.Combine(folder.Path, "empty");
        Directory.CreateDirectory(empty);
        var missing = Path.Combine(folder.Path, "missing.md");

        var importer = new RunbookImporter(new RunbookImportOptions { MaxDocumentBytes = 1_000 });
        var result = await importer.ImportAsync([missing, good, binary, empty, large], null, CancellationToken.None);

        Assert.Equal(["good"], result.Runbooks.Select(r => r.Id));
        Assert.Equal(
            [
                (missing, "no such file or folder"),
                (empty, "no runbook documents (.txt, .md, .markdown, .html, .htm) in this folder"),
                (binary, "binary file, not a text, Markdown or HTML document"),
                (large, "too large to be a runbook (2,000 bytes; the limit is 1,000)"),
            ],
            result.Errors.Select(e => (e.Path, e.Message)));
    }

    [Fact]
    public async Task A_file_named_twice_is_imported_once()
    {
        var result = await ImportAsync(null, Runbook000, Path.GetDirectoryName(Runbook000)!, Runbook000);

        Assert.Equal(["000-c5f7f6b9d7f92177", "003-db73f8bc31f01a96"], result.Runbooks.Select(r => r.Id));
    }

    [Fact]
    public async Task Text_in_utf16_or_latin1_is_read_and_latin1_is_noted()
    {
        using var folder = new TempFolder();
        var utf16 = folder.WriteBytes("utf16.txt", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("Last reviewed: 2026-07-01\nhttps://apidoc.cometapi.com/\n")]);
        var latin1 = folder.WriteBytes("latin1.txt", Encoding.Latin1.GetBytes("# Café runbook\nLast reviewed: 2026-07-02\n"));

        var result = await ImportAsync(null, utf16, latin1);

        Assert.Equal([Date("2026-07-01"), Date("2026-07-02")], result.Runbooks.Select(r => r.LastReviewed));
        Assert.Equal(["https://apidoc.cometapi.com/"], result.Runbooks[0].Sources.Select(s => s.Url));
        Assert.Equal("Café runbook", result.Runbooks[1].Title);
        Assert.Contains("not valid UTF-8; read as Latin-1, check accented characters", result.MessagesFor("latin1"));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task An_explicitly_named_file_of_another_extension_is_read_as_plain_text()
    {
        using var folder = new TempFolder();
        var file = folder.Write("RUNBOOK", "Last reviewed: 2026-07-01\nfollow_up_owner: finops-lead\n");

        var runbook = Assert.Single((await ImportAsync(null, file)).Runbooks);

        Assert.Equal(("runbook", "finops-lead"), (runbook.Id, runbook.Owner));
    }

    [Fact]
    public async Task Cancellation_stops_the_import()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new RunbookImporter().ImportAsync([Messy], null, cancelled.Token));
    }
}
