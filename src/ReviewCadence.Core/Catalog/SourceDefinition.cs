using System.Text.RegularExpressions;

namespace ReviewCadence.Catalog;

/// <summary>A page to watch. Runbooks that cite a bare URL get an implicit source.</summary>
public sealed record SourceDefinition
{
    /// <summary>The source's id (an implicit source's is derived from its URL).</summary>
    public required string Id { get; init; }
    /// <summary>The page's URL.</summary>
    public required Uri Url { get; init; }
    /// <summary>A display title; null for none.</summary>
    public string? Title { get; init; }
    /// <summary>CSS selectors of the content to compare; empty for the page's main content.</summary>
    public IReadOnlyList<string> Select { get; init; } = [];
    /// <summary>CSS selectors removed before comparing.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];
    /// <summary>Patterns whose matching text is removed before comparing (dates, counters).</summary>
    public IReadOnlyList<Regex> Ignore { get; init; } = [];
    /// <summary>How the page is read: as served, or rendered in a browser (<c>render: browser</c>).</summary>
    public SourceRender Render { get; init; } = SourceRender.Http;
    /// <summary>True when the source was declared only as a URL in a runbook's <c>sources</c>.</summary>
    public bool Implicit { get; init; }
    /// <summary>
    /// True when some runbook cites a section of the source: checks then keep the page's heading anchors (element ids)
    /// with its snapshots, which finding a section by URL fragment needs. Other sources skip that write.
    /// </summary>
    public bool CitedBySection { get; init; }

    /// <summary>The title, or the id when there is none.</summary>
    public string DisplayName => Title ?? Id;
}
