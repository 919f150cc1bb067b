using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ReviewCadence.Scheduling;

namespace ReviewCadence.Functions;

/// <summary>
/// Re-checks every catalog source on the <c>CheckSchedule</c> app setting (NCRONTAB, UTC).
/// </summary>
/// <remarks>
/// Queue fan-out (issue 9) goes here: when a catalog outgrows one timer run, this timer enqueues the
/// sources on an Azure Storage queue and a queue-triggered <c>CheckQueuedSource</c> function in this file
/// checks them in parallel instances. Until then the timer runs the whole check itself.
/// </remarks>
public sealed class CheckSources(ScheduledRuns runs, ILogger<CheckSources> logger)
{
    [Function(nameof(CheckSources))]
    public async Task RunAsync(
        [TimerTrigger("%CheckSchedule%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        logger.LogInformation("Scheduled check starting (past due: {IsPastDue})", timer.IsPastDue);
        await runs.CheckAsync(cancellationToken);
    }
}
