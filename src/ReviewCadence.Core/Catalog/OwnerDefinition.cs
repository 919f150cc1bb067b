using System.Text.RegularExpressions;

namespace ReviewCadence.Catalog;

/// <summary>A follow-up owner and where to reach them.</summary>
public sealed record OwnerDefinition
{
    public required string Id { get; init; }
    public IReadOnlyList<ChannelDefinition> Notify { get; init; } = [];
    public string? EscalateTo { get; init; }
}
