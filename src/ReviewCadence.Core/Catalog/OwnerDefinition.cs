using System.Text.RegularExpressions;

namespace ReviewCadence.Catalog;

/// <summary>A follow-up owner and where to reach them.</summary>
public sealed record OwnerDefinition
{
    /// <summary>The owner's id, as runbooks name it.</summary>
    public required string Id { get; init; }
    /// <summary>The channels a digest goes to; none means the owner cannot be reached (the digest escalates).</summary>
    public IReadOnlyList<ChannelDefinition> Notify { get; init; } = [];
    /// <summary>The owner told too once reminders go unanswered; null for none.</summary>
    public string? EscalateTo { get; init; }
}
