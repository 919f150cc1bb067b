using System.Text.Json;

namespace ReviewCadence.Storage;

/// <summary>
/// How the most recent check run ended, kept so the dashboard can say "last check: 06:00 UTC, 300 sources,
/// 3 changed" even when the run changed nothing (an inconclusive run stores no source state). One record,
/// replaced by every run that finishes.
/// </summary>
public sealed record LastCheckRecord
{
    /// <summary>The run's id.</summary>
    public required string RunId { get; init; }
    /// <summary>The run's clock: when its sources count as checked.</summary>
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>When the run ended.</summary>
    public required DateTimeOffset FinishedAt { get; init; }
    /// <summary>False when the outage guard found the network down: nothing was flagged or counted.</summary>
    public required bool Conclusive { get; init; }
    /// <summary>How many sources the run checked (a run scoped to some sources or runbooks checks fewer than the catalog has).</summary>
    public required int SourceCount { get; init; }
    /// <summary>Sources per outcome, by the outcome's contract name (<c>changed</c>, <c>unchanged</c>, …); outcomes no source had are left out.</summary>
    public required IReadOnlyDictionary<string, int> Outcomes { get; init; }
    /// <summary>The runbooks the run left needing review, by id.</summary>
    public required IReadOnlyList<string> NeedsReview { get; init; }

    /// <summary>The record as both stores keep it: one JSON text (it is read and written whole, never queried).</summary>
    internal string ToStoredText() => JsonSerializer.Serialize(this, StoredShape);

    internal static LastCheckRecord FromStoredText(string text, string where) =>
        JsonSerializer.Deserialize<LastCheckRecord>(text, StoredShape)
        ?? throw new StoreUnavailableException($"{where}: the last check record is empty");

    private static readonly JsonSerializerOptions StoredShape = new(JsonSerializerDefaults.Web) { TypeInfoResolver = StoredJsonContext.Default };
}
