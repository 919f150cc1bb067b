namespace ReviewCadence.Import;

/// <summary>A proposed <c>runbooks[]</c> entry.</summary>
public sealed record ImportedRunbook
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    /// <summary>True when the document had no text to take a title from, so the title was made from the file name.</summary>
    public bool TitleFromFileName { get; init; }
    public DateOnly? LastReviewed { get; init; }
    /// <summary>The follow-up owner; null when the document names none or only a placeholder.</summary>
    public string? Owner { get; init; }
    /// <summary>The document's path as given on the command line (forward slashes), for the catalog's <c>document</c>.</summary>
    public required string Document { get; init; }
    public required IReadOnlyList<CitedSource> Sources { get; init; }
}
