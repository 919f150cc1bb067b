namespace ReviewCadence.Import;

/// <summary>A proposed <c>sources[]</c> entry for a URL the catalog does not have yet.</summary>
public sealed record ProposedSource
{
    /// <summary>The generated source id.</summary>
    public required string Id { get; init; }
    /// <summary>The URL, cleaned for the catalog.</summary>
    public required string Url { get; init; }
    /// <summary>The link text the document gave the URL, when it was a Markdown or HTML link.</summary>
    public string? Title { get; init; }
}
