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
    /// <summary>True when the source was declared only as a URL in a runbook's <c>sources</c>.</summary>
    public bool Implicit { get; init; }

    public string DisplayName => Title ?? Id;
}
