using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ReviewCadence.Scheduling;

namespace ReviewCadence.Functions;

/// <summary>
/// Re-checks every catalog source on the <c>CheckSchedule</c> app setting (NCRONTAB, UTC), through
/// <see cref="ScheduledRuns.CheckAsync"/>. A catalog with more sources than <c>ReviewCadence__Check__QueueBatchSize</c>
/// is fanned out instead: its sources go in batches onto the <c>CheckQueueName</c> queue, <see cref="CheckSourceBatch"/>
/// instances check them in parallel, and the last batch applies the run (same outcomes, flags, outage guard and run
/// lease as one run). A run in progress elsewhere makes this one a logged skip; an inconclusive run, or a check that
/// could not start, fails the invocation.
/// </summary>
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
