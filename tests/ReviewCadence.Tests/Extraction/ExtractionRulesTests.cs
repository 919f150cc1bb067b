using System.Text;
using System.Text.RegularExpressions;
using ReviewCadence.Extraction;

namespace ReviewCadence.Tests.Extraction;

/// <summary>The catalog's per-source <c>select</c>, <c>exclude</c> and <c>ignore</c>.</summary>
public sealed class ExtractionRulesTests
{
    private static readonly ContentExtractor Extractor = new();

    private const string Page = """
        <html><body>
        <main><h1>Pricing</h1><p>Main text.</p><div class="promo">Promo 20% off</div><p>Last modified on July 13, 2026</p></main>
        <div id="rates"><h2>Rates</h2><p>Rate A is 1.0</p><p class="stamp">Build 88be29e</p></div>
        <nav id="index"><a href="/a">Page A</a><nav><a href="/b">Page B</a></nav></nav>
        </body></html>
        """;

    private static ExtractedContent Extract(ExtractionRules rules, string html = Page, string contentType = "text/html") =>
        Extractor.Extract(Encoding.UTF8.GetBytes(html), contentType, new Uri("https://example.com/p"), rules);

    private static ExtractionRules Rules(string[]? select = null, string[]? exclude = null, string[]? ignore = null) =>
        new(select ?? [], exclude ?? [], (ignore ?? []).Select(p => new Regex(p)).ToList());

    [Fact]
    public void Select_keeps_only_the_selected_regions_in_page_order()
    {
        Assert.Equal("# Pricing\nMain text.\nPromo 20% off\n## Rates\nRate A is 1.0\nBuild 88be29e", Extract(Rules(select: ["#rates", "main"])).Text);
    }

    [Fact]
    public void A_selected_region_is_kept_even_when_it_looks_like_furniture()
    {
        Assert.StartsWith("Page A", Extract(Rules(select: ["#index"])).Text);
    }

    [Fact]
    public void A_selected_table_or_code_block_keeps_its_structure()
    {
        const string page = "<html><body><table id=\"t\"><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table><pre id=\"p\">x:\n  y: 1</pre></body></html>";
        Assert.Equal("A | B\n1 | 2", Extract(Rules(select: ["#t"]), page).Text);
        Assert.Equal("```\nx:\n  y: 1\n```", Extract(Rules(select: ["#p"]), page).Text);
        Assert.Equal("## Rates", Extract(Rules(select: ["h2"]), "<h2>Rates</h2><p>x</p>").Text);
    }

    [Fact]
    public void A_selected_region_is_kept_even_when_hidden()
    {
        const string page = "<html><body><main><p>Visible</p></main><div id=\"data\" hidden><p>Rendered by script later</p></div></body></html>";
        Assert.Equal("Visible", Extract(Rules(), page).Text);
        Assert.Equal("Rendered by script later", Extract(Rules(select: ["#data"]), page).Text);
    }

    [Fact]
    public void Select_that_matches_nothing_gives_empty_thin_content()
    {
        var result = Extract(Rules(select: ["#gone"]));
        Assert.Equal(string.Empty, result.Text);
        Assert.True(result.Thin);
    }

    [Fact]
    public void Exclude_removes_regions_before_comparing()
    {
        var plain = Extract(Rules(exclude: [".promo"]));
        Assert.Equal("# Pricing\nMain text.", plain.Text);
        Assert.Equal(plain.Fingerprint, Extract(Rules(exclude: [".promo"]), Page.Replace("20% off", "30% off")).Fingerprint);
        Assert.NotEqual(plain.Fingerprint, Extract(Rules(), Page.Replace("20% off", "30% off")).Fingerprint);
    }

    [Fact]
    public void Ignore_removes_matching_text_and_drops_lines_left_empty()
    {
        var result = Extract(Rules(select: ["#rates"], ignore: [@"Build [0-9a-f]+", @"\d+\.\d+"]));
        Assert.Equal("## Rates\nRate A is", result.Text);
    }

    [Fact]
    public void Ignore_applies_to_text_and_json_too()
    {
        var json = Extract(Rules(ignore: ["\"generatedAt\": \"[^\"]*\",?"]), """{"price": 1, "generatedAt": "2026-07-13T10:00:00Z"}""", "application/json");
        Assert.Equal("{\n  \"price\": 1\n}", json.Text);

        var text = Extract(Rules(ignore: [@"^Generated .*"]), "Title\nGenerated 2026-07-13\nBody", "text/plain");
        Assert.Equal("Title\nBody", text.Text);
    }

    [Fact]
    public void An_invalid_selector_is_refused_with_the_selector_named()
    {
        var error = Assert.Throws<ArgumentException>(() => Extract(Rules(select: ["div >>> ,"])));
        Assert.Contains("div >>> ,", error.Message);
        Assert.Throws<ArgumentException>(() => Extract(Rules(exclude: ["[unclosed"])));

        Assert.True(CssSelectors.TryValidate("#content-area .mdx-content, main > article", out var none));
        Assert.Null(none);
        Assert.False(CssSelectors.TryValidate("a[", out var reason));
        Assert.Contains("a[", reason);
        Assert.False(CssSelectors.TryValidate(" ", out _));
    }
}
