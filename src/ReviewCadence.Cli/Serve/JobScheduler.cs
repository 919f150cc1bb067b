using Microsoft.Extensions.Logging;
using NCrontab;

namespace ReviewCadence.Cli.Serve;

/// <summary>
/// Runs jobs on their schedules for <c>reviewcadence serve</c>, on the host's <see cref="TimeProvider"/>
/// (so tests drive it with a fake clock). A failing job is logged and runs again at its next time.
/// </summary>
public sealed class JobScheduler(TimeProvider clock, ILogger<JobScheduler> logger)
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    public Task RunAsync(IReadOnlyList<ScheduledJob> jobs, CancellationToken cancellationToken) =>
        Task.WhenAll(jobs.Select(job => LoopAsync(job, cancellationToken)));

    private async Task LoopAsync(ScheduledJob job, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = new DateTimeOffset(job.Schedule.GetNextOccurrence(now.UtcDateTime), TimeSpan.Zero);
            logger.LogInformation("Job {Job} next runs at {Next:u}", job.Name, next);
            try
            {
                // Timers cannot wait longer than ~49 days, and the clock may jump: wait in steps of at
                // most a day and look again.
                for (var wait = next - now; wait > TimeSpan.Zero; wait = next - clock.GetUtcNow())
                {
                    await Task.Delay(wait < MaxWait ? wait : MaxWait, clock, cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await job.RunAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Job {Job} failed; it runs again at its next scheduled time", job.Name);
            }
        }
    }
}
