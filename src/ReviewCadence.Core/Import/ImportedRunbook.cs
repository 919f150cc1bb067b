namespace ReviewCadence.Import;

/// <summary>A proposed <c>runbooks[]</c> entry.</summary>
public sealed record ImportedRunbook
{
    /// <summary>The proposed runbook id (from the file name).</summary>
    public required string Id { get; init; }
    /// <summary>The runbook's title, from the document or else its file name (<see cref="TitleFromFileName"/>).</summary>
    public required string Title { get; init; }
    /// <summary>True when the document had no text to take a title from, so the title was made from the file name.</summary>
    public bool TitleFromFileName { get; init; }
    /// <summary>The last review date the document gives; null when it gives none.</summary>
    public DateOnly? LastReviewed { get; init; }
    /// <summary>The follow-up owner; null when the document names none or only a placeholder.</summary>
    public string? Owner { get; init; }
    /// <summary>The document's path as given on the command line (forward slashes), for the catalog's <c>document</c>.</summary>
    public required string Document { get; init; }
    /// <summary>The sources the document cites.</summary>
    public required IReadOnlyList<CitedSource> Sources { get; init; }
}
