using System.Text;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Extraction;
using ReviewCadence.Extraction.Families;

namespace ReviewCadence.Tests.Extraction;

public sealed class PageFamilyTests
{
    private static ExtractedContent Extract(ContentExtractor extractor, string html) =>
        extractor.Extract(Encoding.UTF8.GetBytes(html), "text/html", new Uri("https://docs.example.com/x"), ExtractionRules.None);

    [Theory]
    [InlineData("mintlify", "<div id=\"content-area\"><p>x</p></div>")]
    [InlineData("mintlify", "<div class=\"mdx-content\"><p>x</p></div>")]
    [InlineData("docusaurus", "<meta name=\"generator\" content=\"Docusaurus v3.5.2\"><p>x</p>")]
    [InlineData("docusaurus", "<div id=\"__docusaurus\"><p>x</p></div>")]
    [InlineData("wordpress", "<meta name=\"generator\" content=\"WordPress 6.5.2\"><p>x</p>")]
    [InlineData("wordpress", "<link rel=\"stylesheet\" href=\"https://example.org/wp-content/themes/t/style.css\"><p>x</p>")]
    public void Families_recognise_their_pages(string family, string html)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.Equal(family, PageFamilies.BuiltIn.First(f => f.Matches(document)).Name);
    }

    [Fact]
    public void No_family_claims_a_plain_page()
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<main><article><p>x</p></article></main>");
        Assert.DoesNotContain(PageFamilies.BuiltIn, f => f.Matches(document));
    }

    [Fact]
    public void Every_family_selector_is_valid_css()
    {
        foreach (var family in PageFamilies.BuiltIn)
        {
            foreach (var selector in family.ContentSelectors.Concat(family.BoilerplateSelectors))
                Assert.True(CssSelectors.TryValidate(selector, out var error), $"{family.Name}: {error}");
        }
    }

    [Fact]
    public void A_family_is_added_by_adding_one_rule()
    {
        const string page = """
            <html><body><div class="handbook"><div class="handbook-body"><h1>Guide</h1><p>Real text.</p>
            <div class="handbook-promo">Try our new plan!</div></div><div class="handbook-index">Chapter list</div></div></body></html>
            """;

        Assert.Contains("Try our new plan!", Extract(new ContentExtractor(), page).Text);
        Assert.Equal("# Guide\nReal text.", Extract(new ContentExtractor([new HandbookPages(), .. PageFamilies.BuiltIn]), page).Text);
    }

    [Fact]
    public void Extraction_is_thread_safe()
    {
        var extractor = new ContentExtractor();
        var pages = new[] { "change-corpus", "change-corpus-extra" }
            .SelectMany(ChangeCorpus.Load)
            .SelectMany(c => new[] { c.FilePath("before"), c.FilePath("after") }.Select(p => (Case: c, Path: p)))
            .Select(x => (x.Case, Body: File.ReadAllBytes(x.Path), ContentType: x.Case.ContentTypeFor(x.Path)))
            .ToList();
        var expected = pages.Select(p => extractor.Extract(p.Body, p.ContentType, p.Case.PageUrl, ExtractionRules.None).Fingerprint).ToList();

        var actual = new string[pages.Count * 8];
        Parallel.For(0, actual.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var page = pages[i % pages.Count];
            actual[i] = extractor.Extract(page.Body, page.ContentType, page.Case.PageUrl, ExtractionRules.None).Fingerprint;
        });

        for (var i = 0; i < actual.Length; i++)
            Assert.Equal(expected[i % pages.Count], actual[i]);
    }

    [Fact]
    public void AddContentExtraction_registers_one_shared_extractor()
    {
        using var provider = new ServiceCollection().AddContentExtraction().BuildServiceProvider();
        var extractor = provider.GetRequiredService<IContentExtractor>();
        Assert.IsType<ContentExtractor>(extractor);
        Assert.Same(extractor, provider.GetRequiredService<IContentExtractor>());
    }

    private sealed class HandbookPages : IPageFamilyRule
    {
        public string Name => "handbook";
        public bool Matches(IDocument page) => page.QuerySelector(".handbook-body") is not null;
        public IReadOnlyList<string> ContentSelectors { get; } = [".handbook-body"];
        public IReadOnlyList<string> BoilerplateSelectors { get; } = [".handbook-promo"];
    }
}
