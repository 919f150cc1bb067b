using System.Text.RegularExpressions;

namespace ReviewCadence.Import;

/// <summary>What one document says about itself, before it is compared with the catalog.</summary>
/// <param name="Notes">Warnings about this document, in the order they were found.</param>
internal sealed record ParsedRunbook(
    string? Title,
    DateOnly? LastReviewed,
    string? Owner,
    IReadOnlyList<UrlCitation> Urls,
    IReadOnlyList<NamedSource> NamedSources,
    IReadOnlyList<string> Notes);
