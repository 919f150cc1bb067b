using ReviewCadence.Runbooks;
using ReviewCadence.Sources;
using ReviewCadence.Storage;

namespace ReviewCadence.Api;

/// <summary>
/// The HTTP API's own response bodies, as named records (camelCase in JSON, properties in this order) so their JSON
/// metadata is generated at compile time (<see cref="ContractJsonContext"/>) rather than built by reflection.
/// </summary>
internal static class ApiBodies
{
    /// <summary><c>202</c> of <c>POST /api/checks</c>: a fanned-out run started.</summary>
    internal sealed record CheckStarted(string RunId, string State, int Sources, int Batches, string Location);

    /// <summary><c>GET /api/checks/{runId}</c> while the run goes on.</summary>
    internal sealed record CheckRunning(string RunId, string State, DateTimeOffset StartedAt, int Batches, int CompletedBatches);

    /// <summary><c>GET /api/runbooks</c>, as <c>status --json</c>.</summary>
    internal sealed record RunbookList(IReadOnlyList<RunbookStatus> Runbooks);

    /// <summary><c>201</c> of <c>POST /api/runbooks/{id}/reviews</c>.</summary>
    internal sealed record ReviewRecorded(ReviewRecord Review, RunbookStatus? Runbook);

    /// <summary><c>GET /api/sources</c>.</summary>
    internal sealed record SourceList(IReadOnlyList<SourceOverview> Sources, LastCheckRecord? LastCheck);

    /// <summary><c>GET /api/health</c>.</summary>
    internal sealed record Health(string Status);

    /// <summary>An RFC 9457 problem body.</summary>
    internal sealed record Problem(string Type, string Title, int Status, string Detail, IReadOnlyDictionary<string, string>? Errors);
}
