using System.Text.Json.Serialization;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Checking;

/// <summary>One source's result in a run (<c>check --json</c> <c>sources[]</c>).</summary>
public sealed record SourceCheckResult
{
    public required string Id { get; init; }
    public required string Url { get; init; }
    public required CheckOutcome Outcome { get; init; }
    public int? HttpStatus { get; init; }
    public string? FinalUrl { get; init; }
    public string? Detail { get; init; }
}

/// <summary>A runbook's finding as the check reports it: <c>{"source", "kind"}</c>.</summary>
public sealed record CheckFinding(string? Source, FindingKind Kind)
{
    /// <summary>The cited section the finding is about; absent for the whole page.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Section { get; init; }

    /// <summary>The cited claims no longer found in the section; absent when none is missing.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Claims { get; init; }
}

public sealed record RunbookCheckResult(string Id, RunbookStatusKind Status, IReadOnlyList<CheckFinding> Findings);

/// <summary>The whole run (<c>check --json</c>).</summary>
public sealed record CheckReport
{
    public required string RunId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>False when the outage guard found the network down: nothing was flagged or counted.</summary>
    public required bool Conclusive { get; init; }
    public required IReadOnlyList<SourceCheckResult> Sources { get; init; }
    public required IReadOnlyList<RunbookCheckResult> Runbooks { get; init; }

    [JsonIgnore]
    public bool AnyNeedsReview => Runbooks.Any(r => r.Status == RunbookStatusKind.NeedsReview);
}
