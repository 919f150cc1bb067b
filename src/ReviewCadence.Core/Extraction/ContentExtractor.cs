using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ReviewCadence.Diagnostics;
using ReviewCadence.Extraction.Families;

namespace ReviewCadence.Extraction;

/// <summary>
/// The extractor every check uses. It picks how to compare a body from its content type (sniffing HTML, JSON and
/// Markdown when the type is missing or generic): HTML as the main content's block text, Markdown and plain text as
/// normalised lines, JSON canonically, anything else by its bytes. Thread-safe; one instance serves all checks.
/// </summary>
internal sealed partial class ContentExtractor : IContentExtractor
{
    /// <summary>Bodies with fewer letters and digits than this are "thin": nothing worth comparing was served.</summary>
    internal const int ThinLetterCount = 40;

    private readonly HtmlContentExtractor _html;

    /// <summary>An extractor with the built-in page families (<see cref="PageFamilies.BuiltIn"/>).</summary>
    public ContentExtractor()
        : this(PageFamilies.BuiltIn)
    {
    }

    /// <summary>An extractor with the given page families, tried in order.</summary>
    public ContentExtractor(IEnumerable<IPageFamilyRule> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        _html = new HtmlContentExtractor(families);
    }

    /// <exception cref="ArgumentException">A <c>select</c> or <c>exclude</c> selector is not valid CSS.</exception>
    /// <exception cref="RegexMatchTimeoutException">An <c>ignore</c> pattern built with a timeout ran out of time.</exception>
    /// <exception cref="ExtractionTimeoutException">The page took longer than <paramref name="deadline"/>'s budget.</exception>
    /// <exception cref="PageTooComplexException">The page has more elements than extraction reads.</exception>
    public ExtractedContent Extract(ReadOnlyMemory<byte> body, string? contentType, Uri url, ExtractionRules rules, ExtractionDeadline? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(rules);
        deadline ??= ExtractionDeadline.None;

        var (mediaType, charset) = ParseContentType(contentType);
        var span = body.Span;
        var kind = Classify(mediaType, url, span);
        switch (kind)
        {
            case BodyKind.Html:
            {
                var result = _html.Extract(BodyDecoder.Decode(span, charset, sniffHtmlMeta: true), rules, deadline);
                var html = Text("html", result.Text, result.Title) with { Anchors = result.Anchors };
                if (result.NothingSelected)
                    return html with { Thin = true, NothingSelected = true };
                // An empty shell that runs scripts; a challenge page ("checking your browser") is not that, it is a wall.
                return html.Thin && result.LoadsScripts && TextNormalizer.CountLettersAndDigits(result.Text) < ThinLetterCount
                    ? html with { NeedsBrowser = true }
                    : html;
            }
            case BodyKind.Json:
            {
                var decoded = BodyDecoder.Decode(span, charset, sniffHtmlMeta: false);
                var canonical = JsonCanonicalizer.TryCanonicalize(decoded);
                if (canonical is not null)
                {
                    var lines = new ContentLines();
                    deadline.CheckClock();
                    foreach (var line in canonical.Split('\n'))
                    {
                        deadline.Check();
                        lines.AddVerbatim(line);
                    }
                    var json = lines.Finish(rules.Ignore, dropBoilerplateLines: false, deadline);
                    return new ExtractedContent("json", json, Hash(json), null, Thin: false);
                }
                var (plain, _) = PlainTextContent.Extract(decoded, markdown: false, rules, deadline);
                return Text("text", plain, null);
            }
            case BodyKind.Markdown or BodyKind.Text:
            {
                var decoded = BodyDecoder.Decode(span, charset, sniffHtmlMeta: false);
                var (text, title) = PlainTextContent.Extract(decoded, markdown: kind == BodyKind.Markdown, rules, deadline);
                return Text("text", text, title);
            }
            default:
                return new ExtractedContent(
                    "bytes",
                    $"<{body.Length} bytes of {mediaType ?? "unknown type"}>",
                    Convert.ToHexStringLower(SHA256.HashData(span)),
                    null,
                    Thin: body.Length == 0);
        }
    }

    private static ExtractedContent Text(string kind, string text, string? title) =>
        new(kind, text, Hash(text), title, IsThin(text, title));

    private static string Hash(string text)
    {
        using var timing = CheckTimings.Measure(CheckStep.Fingerprint);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Almost nothing extracted, or only a "turn on JavaScript" or bot-challenge message.</summary>
    internal static bool IsThin(string text, string? title)
    {
        var letters = TextNormalizer.CountLettersAndDigits(text);
        if (letters < ThinLetterCount)
            return true;
        return letters < 1000 && (ChallengeText().IsMatch(text) || (title is not null && ChallengeText().IsMatch(title)));
    }

    private enum BodyKind { Html, Json, Markdown, Text, Bytes }

    private static BodyKind Classify(string? mediaType, Uri url, ReadOnlySpan<byte> body)
    {
        var path = url.IsAbsoluteUri ? url.AbsolutePath : url.OriginalString;
        var markdownUrl = path.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".mdx", StringComparison.OrdinalIgnoreCase);
        var jsonUrl = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

        switch (mediaType)
        {
            case "text/html" or "application/xhtml+xml":
                // Some hosts label a page's Markdown twin text/html.
                return markdownUrl && !LooksLikeHtml(body) ? BodyKind.Markdown : BodyKind.Html;
            case "application/json" or "text/json":
            case not null when mediaType.EndsWith("+json", StringComparison.Ordinal):
                return BodyKind.Json;
            case "text/markdown" or "text/x-markdown":
                return BodyKind.Markdown;
            case "text/plain":
                if (markdownUrl)
                    return BodyKind.Markdown;
                if (LooksLikeHtml(body))
                    return BodyKind.Html;
                return jsonUrl || LooksLikeJson(body) ? BodyKind.Json : BodyKind.Text;
            case null or "application/octet-stream" or "binary/octet-stream" or "application/unknown" or "unknown/unknown":
                if (LooksLikeHtml(body))
                    return BodyKind.Html;
                if (markdownUrl)
                    return BodyKind.Markdown;
                if (LooksLikeJson(body))
                    return BodyKind.Json;
                return mediaType is null && LooksLikeText(body) ? BodyKind.Text : BodyKind.Bytes;
            case not null when mediaType.StartsWith("text/", StringComparison.Ordinal)
                || mediaType.EndsWith("+xml", StringComparison.Ordinal)
                || mediaType is "application/xml" or "application/javascript" or "application/x-yaml" or "application/yaml":
                return BodyKind.Text;
            default:
                return BodyKind.Bytes;
        }
    }

    private static (string? MediaType, string? Charset) ParseContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
            return (null, null);
        if (MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType is { Length: > 0 } media)
            return (media.ToLowerInvariant(), parsed.CharSet?.Trim('"'));
        // A malformed header still names its type when it starts with one; otherwise it is as good as missing.
        var bare = contentType.Split(';', 2)[0].Trim().ToLowerInvariant();
        return (MediaTypeShape().IsMatch(bare) ? bare : null, null);
    }

    private static bool LooksLikeHtml(ReadOnlySpan<byte> body)
    {
        var start = SkipBomAndWhitespace(body);
        if (start.IsEmpty || start[0] != (byte)'<')
            return false;
        var head = Encoding.ASCII.GetString(start[..Math.Min(start.Length, 1024)]);
        return head.Contains("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || head.Contains("<html", StringComparison.OrdinalIgnoreCase);
    }

    private static bool LooksLikeJson(ReadOnlySpan<byte> body)
    {
        var start = SkipBomAndWhitespace(body);
        return !start.IsEmpty && start[0] is (byte)'{' or (byte)'[';
    }

    private static bool LooksLikeText(ReadOnlySpan<byte> body)
    {
        var sample = body[..Math.Min(body.Length, 4096)];
        return sample.IndexOf((byte)0) < 0 && System.Text.Unicode.Utf8.IsValid(sample[..^TrailingPartialUtf8(sample)]);
    }

    // A sample cut in the middle of a multi-byte character is still text.
    private static int TrailingPartialUtf8(ReadOnlySpan<byte> sample)
    {
        for (var i = 1; i <= Math.Min(3, sample.Length); i++)
        {
            var b = sample[^i];
            if ((b & 0xC0) == 0xC0)
                return i;
            if ((b & 0x80) == 0)
                return 0;
        }
        return 0;
    }

    private static ReadOnlySpan<byte> SkipBomAndWhitespace(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            body = body[3..];
        var i = 0;
        while (i < body.Length && body[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f')
            i++;
        return body[i..];
    }

    [GeneratedRegex(@"^[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex MediaTypeShape();

    [GeneratedRegex(
        @"enable\s+javascript|javascript\s+is\s+(?:disabled|required|not\s+enabled)|turn\s+on\s+javascript" +
        @"|checking\s+(?:your|if\s+the\s+site\s+connection)|just\s+a\s+moment|verify(?:ing)?\s+(?:that\s+)?you\s+are\s+(?:a\s+)?human" +
        @"|attention\s+required|ddos\s+protection|are\s+you\s+a\s+robot|captcha|browser\s+check",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChallengeText();
}
