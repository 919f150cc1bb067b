using System.Text.RegularExpressions;

namespace ReviewCadence.Import;

/// <summary>A URL a document cites, once, however often it is written.</summary>
/// <param name="Accessed">The access date the document gives next to the URL (the latest, if it gives several).</param>
/// <param name="LinkText">The text of the first link to it, a candidate title for a new source.</param>
/// <param name="WholePage">The document cites the page itself (a URL without a fragment) at least once.</param>
/// <param name="Sections">The fragments (section ids) the document's URLs of this page point at, in order of appearance.</param>
/// <param name="Url">The URL as cleaned.</param>
internal sealed record UrlCitation(SourceUrl Url, DateOnly? Accessed, string? LinkText, bool WholePage = true, IReadOnlyList<string>? Sections = null)
{
    /// <summary>The sections cited, unless the whole page is (which covers them).</summary>
    public IReadOnlyList<string> SectionsCited => WholePage ? [] : Sections ?? [];
}
