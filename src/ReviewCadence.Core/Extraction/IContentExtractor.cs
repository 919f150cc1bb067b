using System.Text.RegularExpressions;

namespace ReviewCadence.Extraction;

/// <summary>Turns a fetched body into comparable content: the page's main text, normalised, and its fingerprint.</summary>
internal interface IContentExtractor
{
    /// <param name="body">The fetched body.</param>
    /// <param name="contentType">Its Content-Type header, if any.</param>
    /// <param name="url">Where it was fetched from (after redirects).</param>
    /// <param name="rules">The source's <c>select</c>, <c>exclude</c> and <c>ignore</c>.</param>
    /// <param name="deadline">The time the extraction may take and the run's cancellation; none when null.</param>
    ExtractedContent Extract(ReadOnlyMemory<byte> body, string? contentType, Uri url, ExtractionRules rules, ExtractionDeadline? deadline = null);
}

/// <summary>Per-source refinements from the catalog: <c>select</c>, <c>exclude</c>, <c>ignore</c>.</summary>
internal sealed record ExtractionRules(IReadOnlyList<string> Select, IReadOnlyList<string> Exclude, IReadOnlyList<Regex> Ignore)
{
    public static ExtractionRules None { get; } = new([], [], []);
}

/// <param name="Kind">html, text, json or bytes: how the body was compared.</param>
/// <param name="Text">The normalised content, one block per line; this is what snapshots and diffs show.</param>
/// <param name="Fingerprint">Lowercase hex SHA-256 of <paramref name="Text"/> (of the bytes, for <c>bytes</c>).</param>
/// <param name="Title">The page's title or first heading, when it has one (used for soft-404 detection).</param>
/// <param name="Thin">True when almost nothing was extracted (client-rendered page, bot challenge).</param>
/// <param name="NothingSelected">True when the source's <c>select</c> matched no element of the page (then it is also thin).</param>
internal sealed record ExtractedContent(string Kind, string Text, string Fingerprint, string? Title, bool Thin, bool NothingSelected = false)
{
    /// <summary>
    /// HTML pages: the element ids (URL fragments) leading to each heading, as id → line of <see cref="Text"/> (0-based);
    /// null when there are none. Not part of the fingerprint: sections cited by fragment are found through them.
    /// </summary>
    public IReadOnlyDictionary<string, int>? Anchors { get; init; }

    /// <summary>
    /// HTML pages: <see cref="Thin"/>, with next to no text, yet loading scripts: an application shell whose content a
    /// script writes, which only a browser (<c>render: browser</c>) shows.
    /// </summary>
    public bool NeedsBrowser { get; init; }
}
