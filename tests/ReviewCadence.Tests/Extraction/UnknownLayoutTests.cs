using System.Text;
using ReviewCadence.Extraction;

namespace ReviewCadence.Tests.Extraction;

/// <summary>
/// Pages of no known family: the main text is found from the page's own signals (landmarks, the article a main wraps,
/// readability-style block scores), legal and credit lines are never content, and real edits are still caught on
/// every such layout, however small.
/// </summary>
public sealed class UnknownLayoutTests
{
    private static ExtractedContent Html(string html) => HtmlExtractionTests.Html(html);

    /// <summary>A page built three ways: no landmarks at all, a main wrapping an article beside template chrome, plain docs divs.</summary>
    public static TheoryData<string> Layouts() => new() { "no-landmarks", "main-wraps-article", "docs-divs" };

    private static string Page(string layout, string body, int year = 2025, string version = "1.0", bool chrome = true) => layout switch
    {
        "no-landmarks" => $"""
            <!doctype html><html><head><title>Setup</title></head><body>
            <div class="top"><a href="/">Example</a> <a href="/docs/">Docs</a> <span>v{version}</span></div>
            <div class="wrap"><div class="col-left"><ul><li><a href="/a/">Install</a></li><li><a href="/b/">Setup</a></li></ul></div>
            <div class="col-content">{body}
            <div class="small"><p>© {year} Example Ltd. All rights reserved.</p><p>Example is a trademark of Example Ltd.</p></div></div></div>
            </body></html>
            """,
        "main-wraps-article" => $"""
            <!doctype html><html><head><title>Setup</title></head><body><main>
            {(chrome ? "<div class=\"mobile-only\"><span>Setup</span> <a href=\"#top\">Top</a></div>" : "")}
            <article>{body}</article>
            <div class="bar">Version {version} · © {year} Example Ltd.</div></main></body></html>
            """,
        _ => $"""
            <!doctype html><html><head><title>Setup</title></head><body>
            <div class="related"><ul><li><a href="index.html">Example {version} documentation</a> &raquo;</li></ul></div>
            <div class="document"><div class="body"><div class="section"><h1>Setup<a class="headerlink" href="#setup">¶</a></h1>{body}</div></div>
            <div class="sphinxsidebar"><ul><li><a href="#">Setup</a></li>{(chrome ? "" : "<li><a href=\"#x\">More</a></li>")}</ul></div></div>
            <div class="footer">&copy; Copyright {year}, Example. Created using Sphinx {version}.</div>
            </body></html>
            """,
    };

    private const string Body = """
        <h2>Ports</h2><p>The agent sends metrics to the collector on port 4317, over TLS, and traces on port 4318.</p>
        <h2>Toolchain</h2><ul><li>JDK 17 or newer</li><li>Maven 3.9</li></ul>
        <h2>Verify</h2><p>Check the archive with md5sum before unpacking it, then compare the digest with the release page.</p>
        <table><tr><th>Plan</th><th>Limit</th></tr><tr><td>Free</td><td>60</td></tr><tr><td>Team</td><td>600</td></tr></table>
        <h2>Install</h2><pre><code>tar xzf agent.tar.gz
        ./agent --check-config
        ./agent --start</code></pre>
        """;

    public static TheoryData<string, string, string, string> Edits()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var layout in new[] { "no-landmarks", "main-wraps-article", "docs-divs" })
        {
            data.Add(layout, "port 4317", "port 4417", "Ports: 1 line changed");
            data.Add(layout, "JDK 17", "JDK 21", "Toolchain: 1 line changed");
            data.Add(layout, "md5sum", "sha512sum", "Verify: 1 line changed");
            data.Add(layout, "<tr><td>Team</td><td>600</td></tr>", "<tr><td>Team</td><td>600</td></tr><tr><td>Scale</td><td>6000</td></tr>", "Verify: 1 line added");
            data.Add(layout, "./agent --check-config\n", "", "Install: 1 line removed");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Edits))]
    public void Real_edits_are_caught_and_named_on_every_layout(string layout, string from, string to, string mentions)
    {
        var body = Body.ReplaceLineEndings("\n");
        Assert.Contains(from, body);
        var before = Html(Page(layout, body, year: 2025, version: "1.0"));
        var after = Html(Page(layout, body.Replace(from, to), year: 2026, version: "1.1", chrome: false));

        Assert.NotEqual(before.Fingerprint, after.Fingerprint);
        Assert.Contains(mentions, ChangeSummary.Describe(before.Text, after.Text));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Legal_lines_version_and_template_chrome_are_not_content(string layout)
    {
        var body = Body.ReplaceLineEndings("\n");
        var before = Html(Page(layout, body, year: 2025, version: "1.0"));
        var after = Html(Page(layout, body, year: 2026, version: "1.1", chrome: false));

        Assert.Equal(before.Text, after.Text);
        Assert.Contains("The agent sends metrics to the collector on port 4317", before.Text);
        Assert.Contains("```\ntar xzf agent.tar.gz\n./agent --check-config", before.Text);
        foreach (var furniture in new[] { "©", "Copyright", "trademark", "- Install", "documentation", "¶", "Top", "v1.0" })
            Assert.DoesNotContain(furniture, before.Text);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void One_word_in_a_fifteen_thousand_word_page_is_a_change(string layout)
    {
        var sections = new StringBuilder();
        var words = 0;
        for (var s = 0; words < 15_000; s++)
        {
            sections.Append($"<h2>Section {s}</h2>");
            for (var p = 0; p < 10; p++)
            {
                sections.Append($"<p>Paragraph {p} of section {s} explains, in plain words, how the service handles requests, retries and timeouts for this case.</p>");
                words += 20;
            }
        }
        var body = sections.ToString();
        var target = "<p>Paragraph 4 of section 50 explains, in plain words,";
        Assert.Contains(target, body);
        var before = Html(Page(layout, body));
        var after = Html(Page(layout, body.Replace(target, "<p>Paragraph 4 of section 50 explains, in simple words,")));

        Assert.NotEqual(before.Fingerprint, after.Fingerprint);
        Assert.Equal("Section 50: 1 line changed", ChangeSummary.Describe(before.Text, after.Text));
    }

    [Fact]
    public void A_main_whose_articles_are_only_cards_keeps_its_own_text()
    {
        var text = Html("""
            <!doctype html><html><body><main>
            <h1>Release notes</h1>
            <p>Version 5 drops the legacy protocol, renames three settings and needs a configuration migration before the upgrade.</p>
            <p>Run the migration tool once per cluster; it is idempotent and prints each setting it rewrote, with its old name.</p>
            <article class="card"><h3>Related</h3><p>Upgrading from 4.x</p></article>
            </main></body></html>
            """).Text;

        Assert.StartsWith("# Release notes\nVersion 5 drops the legacy protocol", text);
        Assert.Contains("Upgrading from 4.x", text);
    }

    [Fact]
    public void Prose_about_copyright_and_dated_headings_stay_content()
    {
        var text = Html("""
            <!doctype html><html><body><main>
            <h1>Licensing</h1>
            <p>Copyright law protects the text of these pages; the code samples are public domain.</p>
            <h2>March 2026</h2><p>The sample licence changed to MIT-0.</p>
            <p>August 9, 2024</p>
            <h2>Comments</h2>
            </main></body></html>
            """).Text;

        Assert.Equal("# Licensing\nCopyright law protects the text of these pages; the code samples are public domain.\n## March 2026\nThe sample licence changed to MIT-0.", text);
    }

    [Fact]
    public void Tag_lists_go_but_a_list_of_links_with_words_around_them_stays()
    {
        var text = Html("""
            <!doctype html><html><body><main>
            <h1>Backups</h1><p>Backups run nightly.</p>
            <div class="tags"><a href="/t/ops">Operations</a> <a href="/t/backup">Backup</a></div>
            <div class="related-reading"><p>Before you start, read <a href="/a">the restore guide</a> and the retention policy below.</p></div>
            </main></body></html>
            """).Text;

        Assert.Equal("# Backups\nBackups run nightly.\nBefore you start, read the restore guide and the retention policy below.", text);
    }
}
