using System.Text.Json.Nodes;
using ReviewCadence.Storage;

namespace ReviewCadence.Checking.Batching;

/// <summary>
/// How a fanned-out run ended, kept after its records are gone so <c>GET /api/checks/{runId}</c> can answer in both
/// hosts: the <c>check --json</c> body of a finished run, or why it was given up. Stored as content snapshots of a
/// reserved source id (not a valid catalog id, so no source's history or pruning touches it), keyed by run id;
/// large reports are fine there.
/// </summary>
internal sealed class CheckRunResults(IReviewStore store)
{
    /// <summary>The reserved source id the results are stored under.</summary>
    public const string StoreKey = "~check-runs";

    public Task SaveFinishedAsync(CheckReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var body = System.Text.Json.JsonSerializer.SerializeToNode(report, ReviewCadenceJson.Options)!.AsObject();
        body["state"] = "done";
        return store.SaveSnapshotAsync(StoreKey, report.RunId, body.ToJsonString(), cancellationToken);
    }

    public Task SaveAbandonedAsync(string runId, string detail, CancellationToken cancellationToken) =>
        store.SaveSnapshotAsync(StoreKey, runId, new JsonObject { ["runId"] = runId, ["state"] = "abandoned", ["detail"] = detail }.ToJsonString(), cancellationToken);

    /// <summary>The stored end of the run as its JSON body (with <c>"state"</c>), or null for a run not ended (or unknown).</summary>
    public Task<string?> GetAsync(string runId, CancellationToken cancellationToken) => store.GetSnapshotAsync(StoreKey, runId, cancellationToken);
}
