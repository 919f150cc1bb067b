using System.Security.Cryptography;
using System.Text;
using ReviewCadence.Extraction;

namespace ReviewCadence.Tests.Extraction;

/// <summary>How bodies are classified and decoded: HTML, Markdown, text, JSON, bytes; charsets; thin content.</summary>
public sealed class ContentDispatchTests
{
    private static readonly ContentExtractor Extractor = new();

    private static ExtractedContent Extract(byte[] body, string? contentType, string url = "https://example.com/page") =>
        Extractor.Extract(body, contentType, new Uri(url), ExtractionRules.None);

    private static ExtractedContent Extract(string body, string? contentType, string url = "https://example.com/page") =>
        Extract(Encoding.UTF8.GetBytes(body), contentType, url);

    private const string HtmlPage = "<!DOCTYPE html><html><head><title>T</title></head><body><main><h1>Heading</h1><p>Some paragraph text that is long enough.</p></main></body></html>";

    [Fact]
    public void A_select_that_matches_nothing_is_reported_as_such_not_fingerprinted_as_an_empty_page()
    {
        var body = Encoding.UTF8.GetBytes(HtmlPage.Replace("<p>", "<p id=\"rates\">"));

        var missing = Extractor.Extract(body, "text/html", new Uri("https://example.com/page"), new ExtractionRules(["#content-area"], [], []));
        var found = Extractor.Extract(body, "text/html", new Uri("https://example.com/page"), new ExtractionRules(["#rates"], [], []));

        Assert.True(missing.NothingSelected);
        Assert.True(missing.Thin);
        Assert.False(found.NothingSelected);
        Assert.False(Extract(body, "text/html").NothingSelected);
    }

    [Fact]
    public void Fingerprint_is_the_sha256_of_the_text()
    {
        var result = Extract(HtmlPage, "text/html");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(result.Text))), result.Fingerprint);
        Assert.Matches("^[0-9a-f]{64}$", result.Fingerprint);
    }

    [Theory]
    [InlineData("text/html; charset=utf-8")]
    [InlineData("application/xhtml+xml")]
    [InlineData("application/octet-stream")]
    [InlineData("text/plain")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a type")]
    [InlineData("text/html;;charset")]
    public void Html_is_recognised_by_type_or_by_sniffing(string? contentType)
    {
        var result = Extract(HtmlPage, contentType);
        Assert.Equal("html", result.Kind);
        Assert.Equal("# Heading\nSome paragraph text that is long enough.", result.Text);
    }

    [Fact]
    public void Other_types_are_compared_by_bytes()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x01];
        var result = Extract(png, "image/png");
        Assert.Equal("bytes", result.Kind);
        Assert.Equal("<10 bytes of image/png>", result.Text);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(png)), result.Fingerprint);
        Assert.False(result.Thin);
        Assert.NotEqual(result.Fingerprint, Extract([.. png, 0x02], "image/png").Fingerprint);

        Assert.Equal("bytes", Extract(png, "application/octet-stream").Kind);
        Assert.Equal("bytes", Extract(png, null).Kind);
        Assert.True(Extract([], "application/pdf").Thin);
    }

    [Fact]
    public void Plain_text_is_normalised_line_by_line()
    {
        var result = Extract("Title\r\n\r\n  indented   item  \r\n\tTabbed\u00A0text\u200B\n\n\nEnd   ", "text/plain; charset=utf-8");
        Assert.Equal("text", result.Kind);
        Assert.Equal("Title\n  indented item\n\tTabbed text\nEnd", result.Text);
        Assert.Null(result.Title);
    }

    [Theory]
    [InlineData("text/markdown", "https://docs.example.com/page")]
    [InlineData("text/x-markdown; charset=utf-8", "https://docs.example.com/page")]
    [InlineData("text/plain", "https://docs.example.com/pricing/about-pricing.md")]
    [InlineData(null, "https://docs.example.com/pricing/about-pricing.md")]
    [InlineData("text/html", "https://docs.example.com/pricing/about-pricing.md")]
    public void Markdown_twins_keep_code_fences_verbatim(string? contentType, string url)
    {
        const string markdown = "# About   pricing\n\nSome  text here that explains the billing rules.\n\n```bash\ncurl   -X POST \\\n    https://api.example.com\n\n# not a heading\n```\n| a | b |\n|:-----|----:|\n";
        var result = Extract(markdown, contentType, url);
        Assert.Equal("text", result.Kind);
        Assert.Equal("About pricing", result.Title);
        Assert.Equal("# About pricing\nSome text here that explains the billing rules.\n```bash\ncurl   -X POST \\\n    https://api.example.com\n\n# not a heading\n```\n| a | b |\n|:---|---:|", result.Text);
    }

    [Fact]
    public void Json_is_compared_canonically()
    {
        var a = Extract("""{"b": [1, 2, {"z": true, "a": null}], "a": "caf\u00e9 \ud83d\ude00"}""", "application/json");
        var b = Extract("{\n  \"a\" : \"caf\\u00e9 \\ud83d\\ude00\",\n  \"b\":[1,2,{\"a\":null,\"z\":true}]\n}", "application/vnd.api+json; charset=utf-8");
        Assert.Equal("json", a.Kind);
        // Characters outside the Basic Multilingual Plane stay escaped (System.Text.Json's encoder); it is stable either way.
        Assert.Equal("{\n  \"a\": \"café \\uD83D\\uDE00\",\n  \"b\": [\n    1,\n    2,\n    {\n      \"a\": null,\n      \"z\": true\n    }\n  ]\n}", a.Text);
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, Extract("""{"a": "café 😀", "b": [2, 1, {"a": null, "z": true}]}""", "application/json").Fingerprint);
        Assert.False(Extract("{}", "application/json").Thin);
    }

    [Fact]
    public void Json_is_sniffed_and_invalid_json_is_compared_as_text()
    {
        Assert.Equal("json", Extract("""{"a":1}""", "text/plain", "https://example.com/data.json").Kind);
        Assert.Equal("json", Extract("""[1, 2]""", null).Kind);
        var broken = Extract("""{"a": 1,,}""", "application/json");
        Assert.Equal("text", broken.Kind);
        Assert.Equal("""{"a": 1,,}""", broken.Text);
    }

    [Fact]
    public void Charset_comes_from_the_content_type_then_the_meta_tag()
    {
        var latin1 = Encoding.Latin1.GetBytes("<html><body><main><p>Caf\u00e9 cr\u00e8me</p></main></body></html>");
        Assert.Equal("Café crème", Extract(latin1, "text/html; charset=ISO-8859-1").Text);
        Assert.Equal("Café crème", Extract(latin1, "text/html; charset=\"windows-1252\"").Text);
        Assert.Equal("Café crème", Extract(latin1, "text/html").Text);

        var cp1252Meta = Encoding.GetEncoding(1252).GetBytes("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><main><p>\u201cquoted\u201d \u20ac5</p></main></body></html>");
        Assert.Equal("“quoted” €5", Extract(cp1252Meta, "text/html").Text);

        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<html><body><main><p>Wide text</p></main></body></html>")).ToArray();
        Assert.Equal("Wide text", Extract(utf16, "text/html").Text);
    }

    [Fact]
    public void Invalid_bytes_and_unknown_charsets_never_throw()
    {
        byte[] invalid = [.. "<html><body><main><p>Bad "u8.ToArray(), 0xC3, 0x28, 0xFF, .. " bytes</p></main></body></html>"u8.ToArray()];
        Assert.Equal("Bad \uFFFD(\uFFFD bytes", Extract(invalid, "text/html; charset=utf-8").Text);
        Assert.Equal("Hello", Extract("<p>Hello</p>", "text/html; charset=x-no-such-charset").Text);
    }

    [Fact]
    public void Thin_pages_are_flagged()
    {
        Assert.True(Extract("<html><body><div id=\"root\"></div><script src=\"/app.js\"></script></body></html>", "text/html").Thin);
        Assert.True(Extract("<html><body><noscript>You need to enable JavaScript to run this app.</noscript><div id=\"__next\"></div></body></html>", "text/html").Thin);
        Assert.True(Extract("<html><head><title>Just a moment...</title></head><body><div><h1>www.example.com</h1><p>Verifying you are human. This may take a few seconds.</p><p>www.example.com needs to review the security of your connection before proceeding.</p></div></body></html>", "text/html").Thin);
        Assert.True(Extract("Short", "text/plain").Thin);
        Assert.False(Extract(HtmlPage, "text/html").Thin);
    }
}
