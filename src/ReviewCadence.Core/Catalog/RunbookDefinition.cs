using System.Text.RegularExpressions;

namespace ReviewCadence.Catalog;

/// <summary>A runbook whose steps rest on sources.</summary>
public sealed record RunbookDefinition
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Owner { get; init; }
    public int CadenceDays { get; init; } = 30;
    public DateOnly? LastReviewed { get; init; }
    public string? Document { get; init; }
    /// <summary>Source ids, implicit sources included (URLs are resolved to their implicit source's id).</summary>
    public required IReadOnlyList<string> SourceIds { get; init; }

    private readonly IReadOnlyList<SourceCitation>? _citations;

    /// <summary>
    /// What the runbook relies on in its sources, in catalog order (a source may be cited more than once, e.g. two of
    /// its sections). Defaults to the whole page of each of <see cref="SourceIds"/>.
    /// </summary>
    public IReadOnlyList<SourceCitation> Citations
    {
        get => _citations ?? [.. SourceIds.Select(id => new SourceCitation { SourceId = id })];
        init => _citations = value;
    }

    /// <summary>The runbook's citations of one source (none when it does not cite it).</summary>
    public IReadOnlyList<SourceCitation> CitationsOf(string sourceId) => [.. Citations.Where(c => c.SourceId == sourceId)];

    /// <summary>True when the runbook relies on the whole of the source (a plain citation), not only on sections of it.</summary>
    public bool ReliesOnWholePage(string sourceId) => Citations.Any(c => c.SourceId == sourceId && c.WholePage) || !Citations.Any(c => c.SourceId == sourceId);
}
