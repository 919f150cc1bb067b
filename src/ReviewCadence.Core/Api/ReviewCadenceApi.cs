using System.Text.Json;
using Microsoft.Extensions.Logging;
using ReviewCadence.Api.Dashboard;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Checking.Batching;
using ReviewCadence.Reminders;
using ReviewCadence.Runbooks;
using ReviewCadence.Sources;
using ReviewCadence.Storage;

namespace ReviewCadence.Api;

/// <summary>
/// The HTTP API of DESIGN.md, once, for both hosts: parsing, validation, status codes and JSON.
/// Hosts only route requests here and copy the <see cref="ApiResponse"/> back.
/// </summary>
public sealed class ReviewCadenceApi
{
    private readonly CatalogProvider catalogs;
    private readonly CheckRunner checker;
    private readonly CheckFanOut fanOut;
    private readonly CheckRunResults runResults;
    private readonly IReviewStore store;
    private readonly RunbookStatusService statuses;
    private readonly ReviewRecorder reviews;
    private readonly ReminderRunner reminders;
    private readonly SourceOverviewService sources;
    private readonly SourceHistoryService history;
    private readonly ILogger<ReviewCadenceApi> logger;

    // Internal: built by AddReviewCadence from the pipeline's internal services (hosts resolve it, never construct it).
    internal ReviewCadenceApi(
        CatalogProvider catalogs,
        CheckRunner checker,
        CheckFanOut fanOut,
        CheckRunResults runResults,
        IReviewStore store,
        RunbookStatusService statuses,
        ReviewRecorder reviews,
        ReminderRunner reminders,
        SourceOverviewService sources,
        SourceHistoryService history,
        ILogger<ReviewCadenceApi> logger)
    {
        this.catalogs = catalogs;
        this.checker = checker;
        this.fanOut = fanOut;
        this.runResults = runResults;
        this.store = store;
        this.statuses = statuses;
        this.reviews = reviews;
        this.reminders = reminders;
        this.sources = sources;
        this.history = history;
        this.logger = logger;
    }

    /// <summary>
    /// <c>POST /api/checks?source=ID&amp;runbook=ID</c>: run a check now. A whole-catalog check of a catalog larger than
    /// one fan-out batch (<c>ReviewCadence:Check:QueueBatchSize</c>) is fanned out and answered at once with
    /// <c>202 Accepted</c> and <c>Location: /api/checks/{runId}</c> (HTTP front ends cut requests off after ~230 s);
    /// anything smaller runs in the request and answers <c>200</c> with the <c>check --json</c> body.
    /// </summary>
    public Task<ApiResponse> StartCheckAsync(IReadOnlyList<string> sourceIds, IReadOnlyList<string> runbookIds, CancellationToken cancellationToken) =>
        HandleAsync(async catalog =>
        {
            try
            {
                if (sourceIds.Count == 0 && runbookIds.Count == 0 && fanOut.Applies(catalog))
                {
                    var started = await fanOut.StartAsync(catalog, cancellationToken);
                    var location = $"/api/checks/{Uri.EscapeDataString(started.RunId)}";
                    return ApiResponse.Ok(new ApiBodies.CheckStarted(started.RunId, "running", started.Sources, started.Batches, location))
                        with { StatusCode = 202, Headers = new Dictionary<string, string> { ["Location"] = location } };
                }
                var report = await checker.RunAsync(catalog, new CheckScope(sourceIds, runbookIds), null, cancellationToken);
                return ApiResponse.Ok(report);
            }
            catch (CheckAlreadyRunningException ex)
            {
                return ApiResponse.Problem(409, "A check is already running", ex.Message);
            }
            catch (KeyNotFoundException ex)
            {
                return ApiResponse.Problem(400, "Unknown source or runbook", ex.Message.Trim('"'));
            }
        });

    /// <summary>
    /// <c>GET /api/checks/{runId}</c>: a fanned-out run's state. Running: <c>{"runId", "state": "running", "startedAt",
    /// "batches", "completedBatches"}</c>; done: the <c>check --json</c> body with <c>"state": "done"</c>; given up (a
    /// batch failed every delivery): <c>{"runId", "state": "abandoned", "detail"}</c>; unknown: 404.
    /// </summary>
    public async Task<ApiResponse> GetCheckAsync(string runId, CancellationToken cancellationToken)
    {
        try
        {
            if (await store.GetCheckRunAsync(runId, cancellationToken) is { } run)
            {
                return ApiResponse.Ok(new ApiBodies.CheckRunning(runId, "running", run.StartedAt, run.BatchCount, run.CompletedBatches.Count));
            }
            return await runResults.GetAsync(runId, cancellationToken) is { } ended
                ? new ApiResponse(200, ApiResponse.Json, ended)
                : ApiResponse.Problem(404, "Unknown check run", $"no check run '{runId}': it never existed, or it ran in one request (200, not 202)");
        }
        catch (StoreUnavailableException ex)
        {
            logger.LogError("The store is unavailable: {Message}", ex.Message);
            return ApiResponse.Problem(503, "The store is unavailable", ex.Message);
        }
    }

    /// <summary><c>GET /api/runbooks</c>: every runbook's status, as <c>status --json</c>.</summary>
    public Task<ApiResponse> GetRunbooksAsync(CancellationToken cancellationToken) =>
        HandleAsync(async catalog => ApiResponse.Ok(new ApiBodies.RunbookList(await statuses.GetAllAsync(catalog, cancellationToken))));

    /// <summary><c>GET /api/runbooks/{id}</c>: one runbook's status, with its review history.</summary>
    public Task<ApiResponse> GetRunbookAsync(string id, CancellationToken cancellationToken) =>
        HandleAsync(async catalog =>
        {
            if (await statuses.GetWithReviewsAsync(catalog, id, cancellationToken) is not var (status, history))
            {
                return UnknownRunbook(id);
            }
            // The runbook as in status --json, plus its review history for the dashboard.
            var detail = JsonSerializer.SerializeToNode(status, ReviewCadenceJson.Options)!.AsObject();
            detail["reviews"] = JsonSerializer.SerializeToNode(history, ReviewCadenceJson.Options);
            return ApiResponse.Ok(detail);
        });

    /// <summary><c>POST /api/runbooks/{id}/reviews</c> with <c>{"reviewer", "result", "notes"}</c>.</summary>
    public Task<ApiResponse> RecordReviewAsync(string id, Stream body, CancellationToken cancellationToken) =>
        HandleAsync(async catalog =>
        {
            if (catalog.FindRunbook(id) is null)
            {
                return UnknownRunbook(id);
            }
            // Bounded whatever the host lets through: the limit is part of the API (RequestGuard).
            if (await BoundedBody.ReadAsync(body, RequestGuard.MaxJsonBodyBytes, cancellationToken) is not { } bytes)
            {
                return RequestGuard.TooLarge(RequestGuard.MaxJsonBodyBytes);
            }
            ReviewRequest? request;
            try
            {
                request = bytes.Length == 0 ? null : JsonSerializer.Deserialize<ReviewRequest>(bytes, ReviewCadenceJson.Options);
            }
            catch (JsonException ex)
            {
                return ApiResponse.Problem(400, "The body is not valid JSON", $"expected {{\"reviewer\", \"result\", \"notes\"}}: {ex.Message}");
            }
            if (request is null)
            {
                return ApiResponse.Problem(400, "The body is empty", "expected {\"reviewer\", \"result\", \"notes\"}");
            }
            try
            {
                var review = await reviews.RecordAsync(catalog, new ReviewInput(id, request.Reviewer ?? "", request.Result ?? "pass", request.Notes), cancellationToken);
                var status = await statuses.GetAsync(catalog, id, cancellationToken);
                return ApiResponse.Ok(new ApiBodies.ReviewRecorded(review, status)) with { StatusCode = 201 };
            }
            catch (ReviewRejectedException ex)
            {
                return ApiResponse.Problem(400, "The review is not valid", ex.Message, new Dictionary<string, string> { [ex.Field] = ex.Message });
            }
        });

    /// <summary><c>POST /api/reminders?dryRun=true</c>: run reminders now, as <c>remind --json</c>.</summary>
    public Task<ApiResponse> RemindAsync(string? dryRun, CancellationToken cancellationToken) =>
        HandleAsync(async catalog =>
        {
            var preview = false;
            if (!string.IsNullOrEmpty(dryRun) && !bool.TryParse(dryRun, out preview))
            {
                return ApiResponse.Problem(400, "Bad dryRun", $"dryRun must be true or false, not '{Printable.Clip(dryRun)}'", new Dictionary<string, string> { ["dryRun"] = "true or false" });
            }
            try
            {
                return ApiResponse.Ok(await reminders.RunAsync(catalog, preview, cancellationToken));
            }
            catch (ReminderRunInProgressException ex)
            {
                return ApiResponse.Problem(409, "Reminders are already running", ex.Message);
            }
        });

    /// <summary><c>GET /api/sources</c>: every source as last checked, and how the last check run ended (null before the first).</summary>
    public Task<ApiResponse> GetSourcesAsync(CancellationToken cancellationToken) =>
        HandleAsync(async catalog => ApiResponse.Ok(new ApiBodies.SourceList(
            await sources.GetAllAsync(catalog, cancellationToken),
            await sources.GetLastCheckAsync(cancellationToken))));

    /// <summary>
    /// <c>GET /api/sources/{id}/diff?from=VERSION&amp;to=VERSION</c>: two versions compared, as <c>diff --json</c>;
    /// without them, the last change.
    /// </summary>
    public Task<ApiResponse> GetSourceDiffAsync(string id, string? from, string? to, CancellationToken cancellationToken) =>
        HandleAsync(async catalog =>
        {
            if (!TryVersion(from, out var fromVersion))
            {
                return BadVersion("from", from!);
            }
            if (!TryVersion(to, out var toVersion))
            {
                return BadVersion("to", to!);
            }
            try
            {
                return await history.GetDiffAsync(catalog, id, fromVersion, toVersion, cancellationToken) is { } diff
                    ? ApiResponse.Ok(diff)
                    : UnknownSource(id);
            }
            catch (UnknownSourceVersionException ex)
            {
                return ApiResponse.Problem(404, "Unknown version", ex.Message);
            }
        });

    /// <summary><c>GET /api/sources/{id}/history</c>: the kept versions, newest first, as <c>history --json</c>.</summary>
    public Task<ApiResponse> GetSourceHistoryAsync(string id, CancellationToken cancellationToken) =>
        HandleAsync(async catalog => await history.GetHistoryAsync(catalog, id, cancellationToken) is { } found
            ? ApiResponse.Ok(found)
            : UnknownSource(id));

    private static bool TryVersion(string? text, out int? version)
    {
        version = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed >= 1)
        {
            version = parsed;
            return true;
        }
        return false;
    }

    private static ApiResponse BadVersion(string name, string value) =>
        ApiResponse.Problem(400, $"Bad {name}", $"{name} must be a version number from the source's history (1, 2, ...), not '{Quoted(value)}'",
            new Dictionary<string, string> { [name] = "a version number" });

    /// <summary>A value echoed in a message: one line, bounded.</summary>
    private static string Quoted(string value)
    {
        var line = new string([.. value.Select(c => char.IsControl(c) ? ' ' : c)]);
        return line.Length <= 40 ? line : line[..39] + "…";
    }

    private static ApiResponse UnknownSource(string id) => ApiResponse.Problem(404, "Unknown source", $"no source '{Printable.Clip(id)}' in the catalog");

    /// <summary><c>GET /api/health</c>: liveness only; says nothing about configuration.</summary>
    public ApiResponse Health() => ApiResponse.Ok(new ApiBodies.Health("ok"));

    /// <summary>
    /// <c>GET /</c> (serve), <c>GET /api/dashboard</c> (Functions): the dashboard page, anonymous. One self-contained
    /// HTML response with its security headers (a hash-based Content-Security-Policy); its data comes from the
    /// key-protected routes above.
    /// </summary>
    public ApiResponse DashboardPage() => DashboardDocument.Response;

    private static ApiResponse UnknownRunbook(string id) => ApiResponse.Problem(404, "Unknown runbook", $"no runbook '{Printable.Clip(id)}' in the catalog");

    /// <summary>Loads the catalog for the request; a broken catalog or store is the host's fault (503), said plainly.</summary>
    private async Task<ApiResponse> HandleAsync(Func<ReviewCatalog, Task<ApiResponse>> handler)
    {
        try
        {
            return await handler(catalogs.Get());
        }
        catch (CatalogException ex)
        {
            logger.LogError("The catalog is not valid: {Errors}", string.Join("; ", ex.Errors));
            return ApiResponse.Problem(503, "The catalog is not valid", string.Join("\n", ex.Errors));
        }
        catch (StoreUnavailableException ex)
        {
            logger.LogError("The store is unavailable: {Message}", ex.Message);
            return ApiResponse.Problem(503, "The store is unavailable", ex.Message);
        }
    }

    internal sealed record ReviewRequest(string? Reviewer, string? Result, string? Notes);
}
