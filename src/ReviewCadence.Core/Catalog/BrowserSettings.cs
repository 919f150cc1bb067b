namespace ReviewCadence.Catalog;

/// <summary>
/// The <c>settings.browser</c> block: where the Chromium that renders <c>render: browser</c> sources is. One of the two
/// is set when any source renders in a browser.
/// </summary>
public sealed record BrowserSettings
{
    /// <summary>A local Chromium (or Chrome) executable launched headless, e.g. <c>/usr/bin/chromium</c>.</summary>
    public string? ExecutablePath { get; init; }

    /// <summary>
    /// A running browser's DevTools endpoint to connect to over CDP (<c>ws://…</c> or <c>http://…:9222</c>), as a
    /// Functions deployment would use; may hold <c>${NAME}</c> references (a token), resolved when used and never shown.
    /// </summary>
    public string? Endpoint { get; init; }

    /// <summary>True when one of the two is set.</summary>
    public bool IsConfigured => ExecutablePath is not null || Endpoint is not null;
}
