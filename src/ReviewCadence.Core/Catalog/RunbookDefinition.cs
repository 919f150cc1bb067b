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
}
