using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ReviewCadence.Api;

namespace ReviewCadence.Functions;

/// <summary>
/// The HTTP API (DESIGN.md, "HTTP API"): each route hands its request to Core's <see cref="ReviewCadenceApi"/>,
/// which <c>reviewcadence serve</c> serves too. All routes need a function key except health and the dashboard page.
/// </summary>
/// <remarks>
/// Handlers take the invocation's cancellation token, which the host signals when it shuts down or
/// cancels the invocation.
/// </remarks>
public sealed class HttpApi(ReviewCadenceApi api)
{
    [Function("StartCheck")]
    public async Task<IActionResult> StartCheckAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "checks")] HttpRequest request,
        CancellationToken cancellationToken)
        => new ApiResponseResult(await api.StartCheckAsync(QueryValues(request, "source"), QueryValues(request, "runbook"), cancellationToken));

    /// <summary>A fanned-out check's state, and its report once done (StartCheck answered 202 with this Location).</summary>
    [Function("GetCheck")]
    public async Task<IActionResult> GetCheckAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "checks/{runId}")] HttpRequest request,
        string runId,
        CancellationToken cancellationToken)
        => new ApiResponseResult(await api.GetCheckAsync(runId, cancellationToken));

    [Function("ListRunbooks")]
    public async Task<IActionResult> ListRunbooksAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runbooks")] HttpRequest request,
        CancellationToken cancellationToken)
        => new ApiResponseResult(await api.GetRunbooksAsync(cancellationToken));

    [Function("GetRunbook")]
    public async Task<IActionResult> GetRunbookAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runbooks/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => new ApiResponseResult(await api.GetRunbookAsync(id, cancellationToken));

    [Function("RecordReview")]
    public async Task<IActionResult> RecordReviewAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runbooks/{id}/reviews")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => new ApiResponseResult(await api.RecordReviewAsync(id, request.Body, cancellationToken));

    [Function("RunReminders")]
    public async Task<IActionResult> RunRemindersAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "reminders")] HttpRequest request,
        CancellationToken cancellationToken)
        => new ApiResponseResult(await api.RemindAsync(request.Query["dryRun"], cancellationToken));

    [Function("ListSources")]
    public async Task<IActionResult> ListSourcesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sources")] HttpRequest request,
        CancellationToken cancellationToken)
        => new ApiResponseResult(await api.GetSourcesAsync(cancellationToken));

    [Function("GetSourceDiff")]
    public async Task<IActionResult> GetSourceDiffAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sources/{id}/diff")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => new ApiResponseResult(await api.GetSourceDiffAsync(id, request.Query["from"], request.Query["to"], cancellationToken));

    [Function("GetSourceHistory")]
    public async Task<IActionResult> GetSourceHistoryAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sources/{id}/history")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => new ApiResponseResult(await api.GetSourceHistoryAsync(id, cancellationToken));

    [Function("Health")]
    public IActionResult Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
        => new ApiResponseResult(api.Health());

    /// <summary>The dashboard page; the data it shows comes from the key-protected routes above.</summary>
    [Function("Dashboard")]
    public IActionResult Dashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard")] HttpRequest request)
        => new ApiResponseResult(api.DashboardPage());

    private static IReadOnlyList<string> QueryValues(HttpRequest request, string name)
        => [.. request.Query[name].OfType<string>()];
}
