using System.Text.RegularExpressions;

namespace ReviewCadence.Import;

/// <summary>What one document says about itself, before it is compared with the catalog.</summary>
/// <param name="Notes">Warnings about this document, in the order they were found.</param>
/// <param name="Title">The title the document gives; null when it gives none.</param>
/// <param name="LastReviewed">The last review date the document gives; null when none.</param>
/// <param name="Owner">The follow-up owner the document names; null when none.</param>
/// <param name="Urls">The URLs it cites, each once.</param>
/// <param name="NamedSources">The sources it cites by name only.</param>
internal sealed record ParsedRunbook(
    string? Title,
    DateOnly? LastReviewed,
    string? Owner,
    IReadOnlyList<UrlCitation> Urls,
    IReadOnlyList<NamedSource> NamedSources,
    IReadOnlyList<string> Notes);
