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
