using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ReviewCadence.Api;

namespace ReviewCadence.Functions;

/// <summary>How a timer reports the outcome of a run it started through <see cref="ReviewCadenceApi"/>.</summary>
internal static class ScheduledRun
{
    public static void Report(ILogger logger, string run, ApiResponse response)
    {
        if (response.StatusCode is >= 200 and < 300)
        {
            logger.LogInformation("Scheduled {Run} finished with status {StatusCode}", run, response.StatusCode);
        }
        else if (response.StatusCode == StatusCodes.Status409Conflict)
        {
            // Another run holds the lease (an HTTP-triggered run, or a slow previous one); the next tick catches up.
            logger.LogWarning("Scheduled {Run} skipped: another run is in progress", run);
        }
        else
        {
            // Failing the invocation marks it failed in Application Insights, where alerts look for it.
            throw new InvalidOperationException($"Scheduled {run} failed with HTTP status {response.StatusCode}.");
        }
    }
}
