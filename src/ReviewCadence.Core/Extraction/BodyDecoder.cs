using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace ReviewCadence.Extraction;

/// <summary>
/// Bytes to text, as a browser would pick the encoding: byte-order mark, then the Content-Type charset, then (HTML) a
/// <c>&lt;meta charset&gt;</c> near the top, then UTF-8 when the bytes are valid UTF-8, else windows-1252. Invalid
/// sequences become U+FFFD; unknown charset names fall back to that same detection. Never throws.
/// </summary>
internal static partial class BodyDecoder
{
    static BodyDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly Encoding Utf8WithReplacement = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static string Decode(ReadOnlySpan<byte> body, string? declaredCharset, bool sniffHtmlMeta)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return Utf8WithReplacement.GetString(body[3..]);
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return Resolve("utf-16le")!.GetString(body[2..]);
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return Resolve("utf-16be")!.GetString(body[2..]);

        var encoding = Resolve(declaredCharset);
        if (encoding is null && sniffHtmlMeta)
        {
            var meta = MetaCharset(body);
            // A meta tag cannot declare UTF-16: the bytes that carried it were ASCII-compatible.
            encoding = meta is not null && meta.StartsWith("utf-16", StringComparison.OrdinalIgnoreCase) ? Utf8WithReplacement : Resolve(meta);
        }
        encoding ??= Utf8.IsValid(body) ? Utf8WithReplacement : Resolve("windows-1252")!;
        return encoding.GetString(body);
    }

    /// <summary>An encoding for a charset label (WHATWG aliases: latin1 and ascii mean windows-1252), or null when unknown.</summary>
    public static Encoding? Resolve(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
            return null;
        var name = label.Trim().Trim('"', '\'').ToLowerInvariant();
        switch (name)
        {
            case "utf-8" or "utf8" or "unicode-1-1-utf-8":
                return Utf8WithReplacement;
            case "iso-8859-1" or "iso8859-1" or "latin1" or "l1" or "us-ascii" or "ascii" or "iso_8859-1" or "cp1252" or "x-cp1252":
                name = "windows-1252";
                break;
        }
        try
        {
            return Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? MetaCharset(ReadOnlySpan<byte> body)
    {
        var head = Encoding.Latin1.GetString(body[..Math.Min(body.Length, 2048)]);
        var match = MetaCharsetPattern().Match(head);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?\s*([A-Za-z0-9_:.\-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharsetPattern();
}
