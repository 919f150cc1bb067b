namespace ReviewCadence.Storage;

/// <summary>
/// A check run fanned out over a queue in batches (<see cref="Checking.Batching.CheckFanOut"/>): kept while its
/// batches are checked, and deleted (with its verdicts) once the last batch has applied the run.
/// </summary>
public sealed record CheckRunRecord
{
    /// <summary>The run's id (also the queue messages').</summary>
    public required string RunId { get; init; }
    /// <summary>The run's clock: when its sources count as checked.</summary>
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>The run lease the fan-out took; the finaliser releases it.</summary>
    public required RunLease Lease { get; init; }
    /// <summary>How many batches the run was cut into.</summary>
    public required int BatchCount { get; init; }
    /// <summary>The batches whose verdicts are stored, by index (a batch delivered twice is counted once).</summary>
    public IReadOnlyList<int> CompletedBatches { get; init; } = [];
    /// <summary>Store concurrency token; null for a run not read from the store.</summary>
    public string? Version { get; init; }

    /// <summary>True once every batch's verdicts are stored: the run can be applied.</summary>
    public bool AllBatchesDone => CompletedBatches.Count >= BatchCount;
}
