namespace ReviewCadence.Import;

/// <summary>One source a runbook cites.</summary>
public sealed record CitedSource
{
    /// <summary>The source's id: the catalog's, or the one proposed for a new source.</summary>
    public required string Id { get; init; }
    /// <summary>The URL as it goes into the catalog.</summary>
    public required string Url { get; init; }
    /// <summary>When the document says the source was accessed, if it says.</summary>
    public DateOnly? Accessed { get; init; }
    /// <summary>Whether the catalog has the source, and how.</summary>
    public required CitedSourceOrigin Origin { get; init; }
    /// <summary>The name the document used when it cited the source without a URL (matched to a catalog title).</summary>
    public string? NamedAs { get; init; }
    /// <summary>
    /// The sections of the page the document's URLs point at (their <c>#fragment</c> ids), when it cites only those;
    /// empty when it cites the whole page.
    /// </summary>
    public IReadOnlyList<string> Sections { get; init; } = [];
}
