namespace ReviewCadence.Import;

/// <summary>
/// What <c>reviewcadence import</c> proposes for the catalog: one runbook per readable document,
/// the sources those runbooks cite that the catalog lacks, and what could not be read or decided.
/// </summary>
public sealed record ImportResult
{
    /// <summary>One entry per document read, in the order the documents were given (folders: by path).</summary>
    public required IReadOnlyList<ImportedRunbook> Runbooks { get; init; }
    /// <summary>Cited URLs no catalog source covers, each once, in order of first citation.</summary>
    public required IReadOnlyList<ProposedSource> NewSources { get; init; }
    /// <summary>Things to fix by hand before pasting; never stop the import.</summary>
    public required IReadOnlyList<ImportWarning> Warnings { get; init; }
    /// <summary>Paths that could not be read (missing, permission, binary, too large, no documents in a folder).</summary>
    public required IReadOnlyList<ImportFileError> Errors { get; init; }
}

/// <summary>A proposed <c>runbooks[]</c> entry.</summary>
public sealed record ImportedRunbook
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    /// <summary>True when no heading was found and the title was made from the file name.</summary>
    public bool TitleFromFileName { get; init; }
    public DateOnly? LastReviewed { get; init; }
    /// <summary>The follow-up owner; null when the document names none or only a placeholder.</summary>
    public string? Owner { get; init; }
    /// <summary>The document's path as given on the command line (forward slashes), for the catalog's <c>document</c>.</summary>
    public required string Document { get; init; }
    public required IReadOnlyList<CitedSource> Sources { get; init; }
}

/// <summary>Where a cited source's id comes from.</summary>
public enum CitedSourceOrigin
{
    /// <summary>A source declared in the catalog's <c>sources:</c>.</summary>
    Catalog,
    /// <summary>A catalog source that exists only as a URL in some runbook's <c>sources</c>; cite it by URL.</summary>
    CatalogImplicit,
    /// <summary>A URL no catalog source covers: a <see cref="ProposedSource"/> with a generated id.</summary>
    New,
}

/// <summary>One source a runbook cites.</summary>
public sealed record CitedSource
{
    public required string Id { get; init; }
    public required string Url { get; init; }
    /// <summary>When the document says the source was accessed, if it says.</summary>
    public DateOnly? Accessed { get; init; }
    public required CitedSourceOrigin Origin { get; init; }
    /// <summary>The name the document used when it cited the source without a URL (matched to a catalog title).</summary>
    public string? NamedAs { get; init; }
}

/// <summary>A proposed <c>sources[]</c> entry for a URL the catalog does not have yet.</summary>
public sealed record ProposedSource
{
    public required string Id { get; init; }
    public required string Url { get; init; }
    /// <summary>The link text the document gave the URL, when it was a Markdown or HTML link.</summary>
    public string? Title { get; init; }
}

/// <summary>Something to fix by hand in one document's proposal.</summary>
/// <param name="Runbook">The proposed runbook id.</param>
/// <param name="File">The document's path as shown in <see cref="ImportedRunbook.Document"/>.</param>
public sealed record ImportWarning(string Runbook, string File, string Message);

/// <summary>A path that could not be imported; the others still are.</summary>
public sealed record ImportFileError(string Path, string Message);
