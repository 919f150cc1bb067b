using System.Text;
using ReviewCadence.Extraction;

namespace ReviewCadence.Tests.Extraction;

public sealed class HtmlExtractionTests
{
    private static readonly ContentExtractor Extractor = new();
    private static readonly Uri Url = new("https://docs.example.com/page");

    internal static ExtractedContent Html(string html, ExtractionRules? rules = null) =>
        Extractor.Extract(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", Url, rules ?? ExtractionRules.None);

    private static string MainText(string mainInnerHtml) => Html($"<!doctype html><html><body><main>{mainInnerHtml}</main></body></html>").Text;

    [Fact]
    public void Blocks_become_lines_with_their_structure_marked()
    {
        var text = MainText("""
            <h1>Title</h1><p>First <b>bold</b> <a href="/x?utm=1">link</a>.</p>
            <h3>Sub</h3><ul><li>One</li><li>Two<ul><li>Nested</li></ul></li></ul><ol><li>Step</li></ol>
            <p>Line one<br>Line two</p>
            <dl><dt>Term</dt><dd>Definition</dd></dl>
            <blockquote><p>Quoted</p><footer>Author</footer></blockquote>
            <table><caption>Rates</caption><thead><tr><th>Model</th><th>Rate</th></tr></thead><tbody><tr><td>A</td><td><p>1.0</p></td></tr><tr><td></td><td></td></tr></tbody></table>
            <div>Loose <span>inline</span> text<p>para</p>tail</div>
            """);

        Assert.Equal(
            """
            # Title
            First bold link.
            ### Sub
            - One
            - Two
              - Nested
            - Step
            Line one
            Line two
            Term
            : Definition
            > Quoted
            > Author
            Rates
            Model | Rate
            A | 1.0
            Loose inline text
            para
            tail
            """.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void Code_blocks_keep_their_lines_and_indentation_between_fences()
    {
        var text = MainText(
            "<p>Before</p><pre><code>\ndef f():\n    return  1   \n\nprint(f())\n</code></pre>" +
            "<pre><span class=\"token-line\">a:<br></span><span class=\"token-line\">  b: 1<br></span></pre>" +
            "<pre><div class=\"line\">x</div><div class=\"line\">  y</div></pre>");

        Assert.Equal(
            "Before\n```\ndef f():\n    return  1\n\nprint(f())\n```\n```\na:\n  b: 1\n```\n```\nx\n  y\n```",
            text);
    }

    [Fact]
    public void Whitespace_matters_inside_code_and_nowhere_else()
    {
        Assert.NotEqual(MainText("<pre>a:\n  b: 1</pre>"), MainText("<pre>a:\n    b: 1</pre>"));
        Assert.Equal(MainText("<p>a   b\n c</p>"), MainText("<p>a b c</p>"));
        Assert.Equal(MainText("<p>a <code>x  y</code></p>"), MainText("<p>a <code>x y</code></p>"));
    }

    [Fact]
    public void Unicode_is_normalised_and_invisible_characters_removed()
    {
        var plain = MainText("<p>Café offers finished 80% per call, tokens.</p>");
        Assert.Equal("Café offers finished 80% per call, tokens.", plain);
        Assert.Equal(plain, MainText("<p>Caf&eacute; offers \uFB01nished \uFF18\uFF10% per&nbsp;call,&#8203; to&shy;kens.\uFEFF\u2060</p>"));
        Assert.Equal(plain, MainText("<p>Caf&#233; offers fi\u200Bnished 80%\u00A0per call, to\u200Ckens.</p>"));
        Assert.Equal(plain, MainText("<p>Cafe\u0301 offers finished 80% per call, tokens.</p>"));
    }

    [Fact]
    public void Markup_attributes_and_images_never_affect_the_text()
    {
        var a = MainText("""<h2 id="_R_1_" class="x">Head</h2><p data-rid="1" style="color:red">Text <img src="data:image/svg+xml,%3Csvg%3E" data-lazy-src="/a.png" alt="diagram"></p><!-- build 1 -->""");
        var b = MainText("""<h2 id="_R_9_"><span class="y">Head</span></h2><p>Text <img src="/a.png?ver=2" alt="Diagram of the flow" loading="lazy"></p><!-- build 2 -->""");
        Assert.Equal("## Head\nText", a);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Hidden_elements_are_dropped_but_revealable_panels_are_content()
    {
        var text = MainText("""
            <p>Shown</p>
            <div hidden>attr</div><p aria-hidden="true">aria</p><div style="display: none">inline none</div><div style="visibility:hidden">invisible</div>
            <div role="tabpanel" hidden>Tab two</div>
            <button aria-controls="acc-1">Details</button><div id="acc-1" hidden>Accordion body</div>
            <div hidden="until-found">Found on search</div>
            """);

        Assert.Equal("Shown\nTab two\nAccordion body\nFound on search", text);
    }

    [Fact]
    public void Non_content_elements_contribute_nothing()
    {
        var text = MainText("""
            <p>Keep</p><script nonce="abc">var x = "script";</script><style>p{}</style><noscript>Enable JS</noscript>
            <template><p>template</p></template><svg><text>svg</text></svg><iframe src="/x">frame</iframe>
            <form><input value="input"><select><option>option</option></select><button>Click</button><textarea>area</textarea></form>
            """);

        Assert.Equal("Keep", text);
    }

    [Fact]
    public void Main_content_is_found_without_configuration()
    {
        const string chrome = """<header><a href="/">Site</a><nav><a href="/a">Nav link</a></nav></header><aside><a href="/s">Side link</a></aside><footer>Footer</footer>""";

        Assert.Equal("# In main", Html($"<body>{chrome}<main><h1>In main</h1></main><div>Outside</div></body>").Text);
        Assert.Equal("# In role main", Html($"<body>{chrome}<div role=\"main\"><h1>In role main</h1></div><div>Outside</div></body>").Text);
        Assert.Equal("# In article", Html($"<body>{chrome}<article><h1>In article</h1></article><div>Outside</div></body>").Text);
        Assert.Equal("# In body\nAlso body", Html($"<body>{chrome}<div><h1>In body</h1></div><div>Also body</div></body>").Text);
    }

    [Fact]
    public void Furniture_inside_the_content_region_is_dropped()
    {
        var text = MainText("""
            <a class="skip-link" href="#c">Skip to content</a>
            <nav aria-label="breadcrumb"><a href="/">Docs</a> / Page</nav>
            <div class="breadcrumbs">Docs / Page</div>
            <h1>Page</h1>
            <p class="last-updated">Last updated on 3 May 2026</p>
            <p>Last modified: 2026-05-03T10:00:00Z by Jane Doe</p>
            <p>Body.</p>
            <div class="docSidebarContainer_YfHR"><a href="/x">Other page</a></div>
            <div class="sidebar_njMd"><a href="/y">Another page</a></div>
            <div id="cookie_notice">Cookies!</div>
            <div id="table-of-contents"><a href="#a">A</a></div>
            <aside class="toc"><p>On this page</p><a href="#a">A</a></aside>
            <aside><a href="/r1">Related one</a> <a href="/r2">Related two</a></aside>
            <div class="page-feedback"><p>Was this page helpful?</p></div>
            <p>Was this page helpful?</p>
            <div class="share-buttons">Share</div>
            <span class="material-symbols-outlined">content_copy</span>
            <div role="dialog">Subscribe!</div>
            <section class="cc-window" aria-label="Cookie consent">We use cookies.</section>
            <footer>Article footer</footer>
            """);

        Assert.Equal("# Page\nBody.", text);
    }

    [Fact]
    public void What_a_site_hides_in_print_is_not_content()
    {
        var text = MainText("""
            <p>Body.</p><div class="flex print:hidden"><span>Report incorrect code</span></div>
            <div class="d-print-none">Share</div><span class="noprint">[edit]</span>
            """);
        Assert.Equal("Body.", text);
    }

    [Fact]
    public void Paragraph_spans_are_paragraphs()
    {
        Assert.Equal(MainText("<div><p>One.</p><p>Two.</p></div>"), MainText("""<div><span data-as="p">One.</span><span data-as="p">Two.</span></div>"""));
    }

    [Fact]
    public void Generic_rules_do_not_take_content_with_them()
    {
        var text = MainText("""
            <h1>Page</h1>
            <section id="pagination"><h2>Pagination</h2><p>Use the cursor parameter.</p></section>
            <aside class="callout"><p>Note: requests are retried once.</p></aside>
            <blockquote><p>Quote</p><footer>Someone</footer></blockquote>
            <h2 id="feedback">Feedback</h2><p>Send feedback by mail.</p>
            <p>Last updated on 3 May 2026 the default limit doubled.</p>
            """);

        Assert.Equal(
            "# Page\n## Pagination\nUse the cursor parameter.\nNote: requests are retried once.\n> Quote\n> Someone\n## Feedback\nSend feedback by mail.\nLast updated on 3 May 2026 the default limit doubled.",
            text);
    }

    [Fact]
    public void A_wrapper_with_a_furniture_name_that_holds_most_of_the_content_is_kept()
    {
        var body = string.Concat(Enumerable.Repeat("<p>Substantial paragraph of real documentation content here.</p>", 6));
        var text = Html($"<body><main><h1>Title</h1><div class=\"content-with-sidebar\">{body}</div><div class=\"sidebar\"><a href=\"/x\">Nav</a></div></main></body>").Text;

        Assert.StartsWith("# Title\nSubstantial paragraph", text);
        Assert.DoesNotContain("Nav", text);
    }

    [Theory]
    [InlineData("Last modified on July 13, 2026")]
    [InlineData("Last updated on Jul 1, 2026 by Jane Doe")]
    [InlineData("Last updated: 2026-07-13")]
    [InlineData("Last updated 3 days ago")]
    [InlineData("Page last edited on 13 July 2026, at 10:42")]
    [InlineData("Updated on 07/13/2026")]
    [InlineData("This page was last edited on 13 July 2026, at 10:42 (UTC).")]
    [InlineData("- Last reviewed: July 2026")]
    [InlineData("Was this page helpful?")]
    [InlineData("Edit this page")]
    [InlineData("Edit this page on GitHub")]
    [InlineData("On this page")]
    public void Stamp_and_widget_lines_are_boilerplate(string line) => Assert.True(GenericBoilerplate.IsBoilerplateLine(line));

    [Theory]
    [InlineData("Last updated on 3 May 2026 the default limit doubled.")]
    [InlineData("Updated 2 models to the new rate.")]
    [InlineData("The page was last updated on July 13, 2026.")]
    [InlineData("Was this page helpful to the billing team? Tell us.")]
    [InlineData("## Updated pricing")]
    public void Content_lines_are_not_boilerplate(string line) => Assert.False(GenericBoilerplate.IsBoilerplateLine(line));

    [Fact]
    public void Title_is_the_title_element_then_the_first_heading()
    {
        Assert.Equal("Page title", Html("<html><head><title>  Page\n title </title></head><body><h1>Heading</h1></body></html>").Title);
        Assert.Equal("Heading one", Html("<html><head></head><body><main><h1>Heading <span>one</span></h1><p>x</p></main></body></html>").Title);
        Assert.Null(Html("<html><body><p>No heading</p></body></html>").Title);
    }
}
