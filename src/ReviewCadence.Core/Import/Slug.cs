using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReviewCadence.Import;

/// <summary>Catalog ids (<c>[a-z0-9][a-z0-9-]*</c>) made from names, file names and URLs.</summary>
internal static class Slug
{
    /// <summary>Lowercase ASCII letters and digits, everything else one hyphen: <c>000_c5f7.txt</c> stem → <c>000-c5f7</c>; accents dropped (é → e).</summary>
    public static string Of(string text, int maxLength = 80)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            var lower = char.ToLowerInvariant(c);
            if (lower is >= 'a' and <= 'z' or >= '0' and <= '9')
                builder.Append(lower);
            else if (builder.Length > 0 && builder[^1] != '-')
                builder.Append('-');
        }
        var slug = builder.ToString().Trim('-');
        if (slug.Length > maxLength)
            slug = slug[..maxLength].TrimEnd('-');
        return slug;
    }

    /// <summary>A source id from a URL's host (less <c>www.</c>) and path: <c>apidoc-cometapi-com-pricing-about-pricing</c>.</summary>
    public static string ForUrl(SourceUrl url)
    {
        var host = url.Host.StartsWith("www.", StringComparison.Ordinal) ? url.Host[4..] : url.Host;
        var slug = Of(host + "/" + url.Path, maxLength: 60);
        return slug.Length > 0 ? slug : "source";
    }

    /// <summary>A short suffix that depends only on <paramref name="key"/>, so a colliding id stays the same whatever else is imported.</summary>
    public static string StableSuffix(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..6];
}
