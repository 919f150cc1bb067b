using System.Text.RegularExpressions;

namespace ReviewCadence.Catalog;

/// <summary>A runbook whose steps rest on sources.</summary>
public sealed record RunbookDefinition
{
    /// <summary>The runbook's id.</summary>
    public required string Id { get; init; }
    /// <summary>The runbook's title, as reminders and the dashboard show it.</summary>
    public required string Title { get; init; }
    /// <summary>The id of the owner who reviews it.</summary>
    public required string Owner { get; init; }
    /// <summary>Days between reviews.</summary>
    public int CadenceDays { get; init; } = 30;
    /// <summary>The review the catalog records (seeds the cadence until a review is recorded); null for none.</summary>
    public DateOnly? LastReviewed { get; init; }
    /// <summary>A link to the runbook's document, shown in reminders; null for none.</summary>
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
