using Microsoft.Extensions.Logging;
using ReviewCadence.Api;

namespace ReviewCadence.Scheduling;

/// <summary>
/// What the timers run, for both hosts (the Functions timers and <c>serve</c>'s scheduler): the same
/// API calls a person makes by hand, with the outcome logged the same way.
/// </summary>
public sealed class ScheduledRuns(ReviewCadenceApi api, ILogger<ScheduledRuns> logger)
{
    public async Task CheckAsync(CancellationToken cancellationToken) =>
        Report("check", await api.StartCheckAsync([], [], cancellationToken));

    public async Task RemindAsync(CancellationToken cancellationToken) =>
        Report("reminders", await api.RemindAsync(dryRun: null, cancellationToken));

    private void Report(string run, ApiResponse response)
    {
        if (response.StatusCode is >= 200 and < 300)
        {
            logger.LogInformation("Scheduled {Run} finished with status {StatusCode}", run, response.StatusCode);
        }
        else if (response.StatusCode == 409)
        {
            // Another run holds the lease (a manual run, or a slow previous one); the next tick catches up.
            logger.LogWarning("Scheduled {Run} skipped: another run is in progress", run);
        }
        else
        {
            // Failing the invocation marks it failed in Application Insights, where alerts look for it.
            throw new InvalidOperationException($"Scheduled {run} failed with HTTP status {response.StatusCode}.");
        }
    }
}
