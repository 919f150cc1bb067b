using Microsoft.Extensions.Logging;
using NCrontab;

namespace ReviewCadence.Scheduling;

/// <summary>A job run on an NCRONTAB schedule (six fields, seconds first, UTC), as the Functions timers are.</summary>
public sealed record ScheduledJob(string Name, CrontabSchedule Schedule, Func<CancellationToken, Task> RunAsync)
{
    public const string DefaultCheckSchedule = "0 0 6 * * *";
    public const string DefaultReminderSchedule = "0 0 9 * * 1-5";

    /// <summary>Parses a six-field expression; the message names the setting so the user knows what to fix.</summary>
    public static CrontabSchedule Parse(string settingName, string expression)
    {
        var schedule = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        return schedule ?? throw new FormatException($"{settingName} '{expression}' is not a six-field NCRONTAB expression (second minute hour day month weekday), e.g. {DefaultCheckSchedule}");
    }
}

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
