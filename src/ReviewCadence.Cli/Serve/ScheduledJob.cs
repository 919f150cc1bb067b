using NCrontab;

namespace ReviewCadence.Cli.Serve;

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
