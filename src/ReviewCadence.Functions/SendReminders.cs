using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ReviewCadence.Scheduling;

namespace ReviewCadence.Functions;

/// <summary>
/// Sends each owner's reminder digest on the <c>ReminderSchedule</c> app setting (NCRONTAB, UTC), through
/// <see cref="ScheduledRuns.RemindAsync"/>; a run where some delivery failed fails the invocation.
/// </summary>
public sealed class SendReminders(ScheduledRuns runs, ILogger<SendReminders> logger)
{
    [Function(nameof(SendReminders))]
    public async Task RunAsync(
        [TimerTrigger("%ReminderSchedule%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        logger.LogInformation("Scheduled reminders starting (past due: {IsPastDue})", timer.IsPastDue);
        await runs.RemindAsync(cancellationToken);
    }
}
