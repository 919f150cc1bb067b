using System.Text.Json.Serialization;

namespace ReviewCadence.Checking;

/// <summary>Which part of the catalog a run checks; empty lists mean everything.</summary>
public sealed record CheckScope(IReadOnlyList<string> SourceIds, IReadOnlyList<string> RunbookIds)
{
    /// <summary>The whole catalog.</summary>
    public static CheckScope All { get; } = new([], []);
}
