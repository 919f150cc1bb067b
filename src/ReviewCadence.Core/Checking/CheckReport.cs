using System.Text.Json.Serialization;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Checking;

/// <summary>One source's result in a run (<c>check --json</c> <c>sources[]</c>).</summary>
public sealed record SourceCheckResult
{
    /// <summary>The source's id.</summary>
    public required string Id { get; init; }
    /// <summary>The URL the catalog gives.</summary>
    public required string Url { get; init; }
    /// <summary>What the run found.</summary>
    public required CheckOutcome Outcome { get; init; }
    /// <summary>The HTTP status of the fetch; null when no response came.</summary>
    public int? HttpStatus { get; init; }
    /// <summary>Where the content was read after redirects; null when it was not moved.</summary>
    public string? FinalUrl { get; init; }
    /// <summary>What changed or went wrong, in words; null when there is nothing to say.</summary>
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

/// <summary>A runbook's status after the run and its open findings (<c>check --json</c> <c>runbooks[]</c>).</summary>
/// <param name="Id">The runbook's id.</param>
/// <param name="Status">Its status after the run.</param>
/// <param name="Findings">Its open findings, one per source (and cited section).</param>
public sealed record RunbookCheckResult(string Id, RunbookStatusKind Status, IReadOnlyList<CheckFinding> Findings);

/// <summary>The whole run (<c>check --json</c>).</summary>
public sealed record CheckReport
{
    /// <summary>The run's id.</summary>
    public required string RunId { get; init; }
    /// <summary>The run's clock: when its sources count as checked.</summary>
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>False when the outage guard found the network down: nothing was flagged or counted.</summary>
    public required bool Conclusive { get; init; }
    /// <summary>Each checked source's result, in catalog order.</summary>
    public required IReadOnlyList<SourceCheckResult> Sources { get; init; }
    /// <summary>The runbooks citing the checked sources.</summary>
    public required IReadOnlyList<RunbookCheckResult> Runbooks { get; init; }

    /// <summary>True when some runbook needs review (<c>check</c> then exits with its attention code).</summary>
    [JsonIgnore]
    public bool AnyNeedsReview => Runbooks.Any(r => r.Status == RunbookStatusKind.NeedsReview);
}
