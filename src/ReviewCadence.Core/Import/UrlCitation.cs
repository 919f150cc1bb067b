using System.Text.RegularExpressions;

namespace ReviewCadence.Import;

/// <summary>A URL a document cites, once, however often it is written.</summary>
/// <param name="Accessed">The access date the document gives next to the URL (the latest, if it gives several).</param>
/// <param name="LinkText">The text of the first link to it, a candidate title for a new source.</param>
internal sealed record UrlCitation(SourceUrl Url, DateOnly? Accessed, string? LinkText);
