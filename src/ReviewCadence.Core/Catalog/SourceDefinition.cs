using System.Text.RegularExpressions;

namespace ReviewCadence.Catalog;

/// <summary>A page to watch. Runbooks that cite a bare URL get an implicit source.</summary>
public sealed record SourceDefinition
{
    public required string Id { get; init; }
    public required Uri Url { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string> Select { get; init; } = [];
    public IReadOnlyList<string> Exclude { get; init; } = [];
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

    public string DisplayName => Title ?? Id;
}
