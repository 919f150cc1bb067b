namespace ReviewCadence.Networking;

/// <summary>What counts as a web address to link to or post to: an absolute http(s) URL.</summary>
internal static class HttpUrls
{
    /// <summary>The URL when <paramref name="value"/> is an absolute http(s) URL; null for anything else (a relative path, another scheme).</summary>
    public static Uri? Parse(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : null;
}
