using System.Text;
using ReviewCadence.Extraction;

namespace ReviewCadence.Tests.Extraction;

/// <summary>
/// Random and mutated HTML through the real extractor, from a fixed seed and in a fixed number of rounds: every input
/// gives a result (the same one twice) or a clean refusal (over budget, too many elements), never another exception, a
/// stack overflow (the extraction runs on a thread with a 1 MB stack, smaller than the thread pool's) or a hang.
/// </summary>
public sealed class ExtractionFuzzTests
{
    private const int Seed = 20261201;

    private static readonly string[] TagNames =
    [
        "div", "span", "p", "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody", "tr", "td", "th", "caption", "a", "b", "i",
        "font", "nobr", "h1", "h2", "h3", "pre", "code", "blockquote", "main", "article", "aside", "nav", "footer", "header",
        "section", "script", "style", "textarea", "title", "svg", "math", "select", "option", "button", "br", "img", "hr",
        "template", "object", "iframe", "noscript", "form", "details", "summary", "html", "body", "head", "x-widget",
    ];

    private static readonly string[] Attributes =
    [
        "", " class=\"sidebar\"", " class='content main'", " id=x", " id=\"section-1\"", " hidden", " aria-hidden=true",
        " style=\"display:none\"", " role=main", " role=navigation", " href=\"#top\"", " href=/docs", " aria-controls=x",
        " data-as=p", " title=\"a > b\"", " class=\"copyright\"", " unterminated=\"", " =broken", " a=b=c",
    ];

    private static readonly string[] Texts =
    [
        "Requests are billed per token, see the table.", "x", " ", "\n", "&amp;", "&#x1F600;", "&bogus;", "<", ">", "\"", "'",
        "© 2026 Example Ltd. All rights reserved.", "Last updated on July 13, 2026", "\u200B", "\u00A0", "¶", "<!--", "-->",
        "<![CDATA[ x ]]>", "</", "</>", "<?php x ?>", "<!doctype html>", "\uD800", "word word word, word, word.",
    ];

    [Fact]
    public void Random_markup_is_read_or_refused_cleanly()
    {
        var random = new Random(Seed);
        for (var round = 0; round < 300; round++)
            AssertReadCleanly(RandomMarkup(random, tokens: random.Next(1, 3_000)), $"random round {round}");
    }

    [Fact]
    public void Mutated_corpus_pages_are_read_or_refused_cleanly()
    {
        var random = new Random(Seed + 1);
        var pages = Directory.GetFiles(ChangeCorpus.Root("change-corpus"), "*.html", SearchOption.AllDirectories).Order().Select(File.ReadAllText).ToList();
        for (var round = 0; round < 200; round++)
        {
            var page = pages[random.Next(pages.Count)];
            AssertReadCleanly(Mutate(page, random), $"mutation round {round}");
        }
    }

    [Fact]
    public void Deep_and_wide_shapes_are_read_with_their_text()
    {
        var random = new Random(Seed + 2);
        for (var round = 0; round < 40; round++)
        {
            var open = new StringBuilder();
            for (var i = 0; i < 4; i++)
                open.Append('<').Append(TagNames[random.Next(TagNames.Length)]).Append(Attributes[random.Next(Attributes.Length)]).Append('>');
            var unit = open.ToString();
            var html = "<html><body>" + new StringBuilder().Insert(0, unit + "w ", random.Next(1_000, 20_000)) + "</body></html>";
            AssertReadCleanly(html, $"shape {unit}");
        }
    }

    private static string RandomMarkup(Random random, int tokens)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < tokens; i++)
        {
            var tag = TagNames[random.Next(TagNames.Length)];
            switch (random.Next(5))
            {
                case 0 or 1:
                    sb.Append('<').Append(tag).Append(Attributes[random.Next(Attributes.Length)]).Append(random.Next(8) == 0 ? "/>" : ">");
                    break;
                case 2:
                    sb.Append("</").Append(tag).Append('>');
                    break;
                default:
                    sb.Append(Texts[random.Next(Texts.Length)]);
                    break;
            }
        }
        return sb.ToString();
    }

    private static string Mutate(string page, Random random)
    {
        var chars = page.ToCharArray().ToList();
        for (var edits = random.Next(1, 6); edits > 0; edits--)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(6))
            {
                case 0: // flip characters into markup characters
                    for (var k = 0; k < 20 && at + k < chars.Count; k++)
                        chars[at + k] = "<>/\"'=&!-"[random.Next(9)];
                    break;
                case 1: // truncate
                    chars.RemoveRange(at, chars.Count - at);
                    break;
                case 2: // repeat a slice many times
                    var length = Math.Min(random.Next(1, 200), chars.Count - at);
                    var slice = chars.GetRange(at, length);
                    for (var k = random.Next(10, 500); k > 0; k--)
                        chars.InsertRange(at, slice);
                    break;
                case 3: // insert random markup
                    chars.InsertRange(at, RandomMarkup(random, random.Next(1, 200)));
                    break;
                case 4: // leave many elements open
                    chars.InsertRange(at, new StringBuilder().Insert(0, "<" + TagNames[random.Next(TagNames.Length)] + ">", random.Next(100, 5_000)).ToString());
                    break;
                default: // drop a slice
                    chars.RemoveRange(at, Math.Min(random.Next(1, 2_000), chars.Count - at));
                    break;
            }
            if (chars.Count == 0)
                break;
        }
        return new string(chars.ToArray());
    }

    private static void AssertReadCleanly(string html, string what)
    {
        var body = Encoding.UTF8.GetBytes(html);
        var extractor = new ContentExtractor();
        Exception? failure = null;
        string? first = null, second = null;
        var thread = new Thread(() =>
        {
            try
            {
                first = Read(extractor, body);
                second = Read(extractor, body);
            }
            catch (Exception ex) when (ex is ExtractionTimeoutException or PageTooComplexException)
            {
                first = second = "refused";
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, maxStackSize: 1024 * 1024);
        thread.Start();
        // real clock: a hang guard; each extraction has its own 20 s budget, far above what these inputs take.
        Assert.True(thread.Join(TimeSpan.FromSeconds(60)), $"{what}: still extracting after 60 s");
        Assert.True(failure is null, $"{what}: {failure}");
        Assert.NotNull(first);
        Assert.Equal(first, second);
    }

    private static string Read(ContentExtractor extractor, byte[] body)
    {
        // The budget the checker would give a page; it measures elapsed time only, never a date or status.
        var deadline = new ExtractionDeadline(TimeProvider.System, TimeSpan.FromSeconds(20), CancellationToken.None); // real clock: a page's extraction budget is elapsed time on this machine
        var content = extractor.Extract(body, "text/html; charset=utf-8", new Uri("https://fuzz.example/page"), ExtractionRules.None, deadline);
        Assert.Matches("^[0-9a-f]{64}$", content.Fingerprint);
        return content.Fingerprint;
    }
}
