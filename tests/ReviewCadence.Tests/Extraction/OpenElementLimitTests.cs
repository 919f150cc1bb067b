using System.Text;
using ReviewCadence.Extraction;

namespace ReviewCadence.Tests.Extraction;

/// <summary>
/// The pass that keeps the tree builder's stack of open elements below the depth cap: real pages (every corpus page,
/// sloppy markup the parser closes by itself) pass untouched; pages that leave thousands of elements open lose only
/// the start tags past the limit, never their text.
/// </summary>
public sealed class OpenElementLimitTests
{
    private static string Repeat(string unit, int times) => new StringBuilder(unit.Length * times).Insert(0, unit, times).ToString();

    private static string Page(string body) => $"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>";

    public static TheoryData<string> CorpusPages()
    {
        var pages = new TheoryData<string>();
        foreach (var corpus in new[] { "change-corpus", "change-corpus-extra" })
        {
            foreach (var file in Directory.GetFiles(ChangeCorpus.Root(corpus), "*.html", SearchOption.AllDirectories).Order())
                pages.Add(Path.GetRelativePath(TestPaths.Fixtures, file));
        }
        return pages;
    }

    [Theory]
    [MemberData(nameof(CorpusPages))]
    public void Every_corpus_page_passes_unchanged(string relativePath)
    {
        var html = File.ReadAllText(Path.Combine(TestPaths.Fixtures, relativePath));
        Assert.Same(html, OpenElementLimit.Apply(html, ExtractionDeadline.None));
    }

    [Theory]
    [InlineData("<p>paragraph ")]
    [InlineData("<li>item ")]
    [InlineData("<dt>term <dd>definition ")]
    [InlineData("<tr><td>cell <td>cell ")]
    [InlineData("<option>choice ")]
    [InlineData("<b><i>misnested</b></i> ")]
    [InlineData("<p><font face=serif>old-style paragraph ")]
    [InlineData("<h2>heading <h3>heading ")]
    [InlineData("<a href=/x>unclosed link ")]
    [InlineData("<section><button>button text ")]
    [InlineData("<div>closed</div><span>closed</span> ")]
    public void Elements_the_parser_closes_by_itself_are_not_counted(string unit)
    {
        var body = Repeat(unit, 10_000);
        var html = Page(unit[..4] switch
        {
            "<li>" => $"<ul>{body}</ul>",
            "<tr>" => $"<table>{body}</table>",
            "<opt" => $"<select>{body}</select>",
            "<dt>" => $"<dl>{body}</dl>",
            _ => body,
        });
        Assert.Same(html, OpenElementLimit.Apply(html, ExtractionDeadline.None));
    }

    [Theory]
    [InlineData("<div><span>")]
    [InlineData("<ul><li>")]
    [InlineData("<blockquote>")]
    [InlineData("<table><tr><td>")]
    [InlineData("<div><b id=1></div>")]
    [InlineData("<a href=x><div>")]
    [InlineData("<b><div></b>")]
    [InlineData("<section><em>")]
    public void Start_tags_past_the_limit_are_dropped_and_the_text_stays(string unit)
    {
        var html = Page(Repeat(unit + "word ", 50_000) + "the last sentence");
        var limited = OpenElementLimit.Apply(html, ExtractionDeadline.None);

        Assert.True(limited.Length < html.Length, "start tags past the limit are left out");
        Assert.Equal(50_000, CountOf(limited, "word "));
        Assert.EndsWith("the last sentence</body></html>", limited);
        var text = new ContentExtractor().Extract(Encoding.UTF8.GetBytes(html), "text/html", new Uri("https://deep.example/"), ExtractionRules.None).Text;
        Assert.Contains("the last sentence", text);
    }

    [Fact]
    public void Comments_scripts_and_quoted_attributes_hide_no_tags_and_make_none()
    {
        // Tags inside a comment, a script or an attribute value are not tags; a ">" inside quotes does not end one.
        var hidden = "<!-- <div><div> --><script>if (a < b) document.write('<div><div>')</script><span title=\"x > <div>\">";
        var html = Page(Repeat(hidden + "text</span>", 10_000));
        Assert.Same(html, OpenElementLimit.Apply(html, ExtractionDeadline.None));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
