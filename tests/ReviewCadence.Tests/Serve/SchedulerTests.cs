using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ReviewCadence.Cli.Serve;

namespace ReviewCadence.Tests.Serve;

public class SchedulerTests
{
    [Fact]
    public async Task Jobs_fire_on_their_ncrontab_schedule_on_the_given_clock()
    {
        var clock = new ObservedClock(new DateTimeOffset(2026, 11, 23, 5, 59, 0, TimeSpan.Zero));
        var runs = new List<DateTimeOffset>();
        var fired = new SemaphoreSlim(0);
        var job = new ScheduledJob("CheckSources", ScheduledJob.Parse("CheckSchedule", ScheduledJob.DefaultCheckSchedule), _ =>
        {
            runs.Add(clock.GetUtcNow());
            fired.Release();
            return Task.CompletedTask;
        });
        using var stop = new CancellationTokenSource();
        var loop = new JobScheduler(clock, NullLogger<JobScheduler>.Instance).RunAsync([job], stop.Token);

        Assert.True(await clock.TimerCreated.WaitAsync(TimeSpan.FromSeconds(5)));
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(runs);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await fired.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero), runs.Single());

        Assert.True(await clock.TimerCreated.WaitAsync(TimeSpan.FromSeconds(5)));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.True(await fired.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, runs.Count);

        stop.Cancel();
        await loop;
    }

    [Fact]
    public async Task A_failing_job_runs_again_at_its_next_time()
    {
        var clock = new ObservedClock(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        var attempts = 0;
        var fired = new SemaphoreSlim(0);
        var job = new ScheduledJob("SendReminders", ScheduledJob.Parse("ReminderSchedule", "0 * * * * *"), _ =>
        {
            attempts++;
            fired.Release();
            throw new InvalidOperationException("channel down");
        });
        using var stop = new CancellationTokenSource();
        var loop = new JobScheduler(clock, NullLogger<JobScheduler>.Instance).RunAsync([job], stop.Token);

        for (var i = 0; i < 2; i++)
        {
            Assert.True(await clock.TimerCreated.WaitAsync(TimeSpan.FromSeconds(5)));
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.True(await fired.WaitAsync(TimeSpan.FromSeconds(5)));
        }
        Assert.Equal(2, attempts);
        stop.Cancel();
        await loop;
    }

    [Fact]
    public async Task A_schedule_months_away_fires_on_its_day()
    {
        var clock = new ObservedClock(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        var fired = new SemaphoreSlim(0);
        DateTimeOffset? firedAt = null;
        var job = new ScheduledJob("LeapDay", ScheduledJob.Parse("CheckSchedule", "0 0 6 29 2 *"), _ =>
        {
            firedAt = clock.GetUtcNow();
            fired.Release();
            return Task.CompletedTask;
        });
        using var stop = new CancellationTokenSource();
        var loop = new JobScheduler(clock, NullLogger<JobScheduler>.Instance).RunAsync([job], stop.Token);

        var end = new DateTimeOffset(2028, 3, 1, 0, 0, 0, TimeSpan.Zero);
        while (firedAt is null && clock.GetUtcNow() < end)
        {
            Assert.True(await clock.TimerCreated.WaitAsync(TimeSpan.FromSeconds(5)), "the scheduler stopped waiting");
            clock.Advance(TimeSpan.FromDays(1));
            await fired.WaitAsync(TimeSpan.FromMilliseconds(clock.GetUtcNow() >= new DateTimeOffset(2028, 2, 29, 6, 0, 0, TimeSpan.Zero) ? 2000 : 1));
        }
        // It fires in the one-day step that crosses 29 February 06:00, not before and not never.
        Assert.NotNull(firedAt);
        Assert.InRange(firedAt!.Value, new DateTimeOffset(2028, 2, 29, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2028, 3, 1, 0, 0, 0, TimeSpan.Zero));
        stop.Cancel();
        await loop;
    }

    [Fact]
    public void A_bad_schedule_names_its_setting() =>
        Assert.Contains("CheckSchedule", Assert.Throws<FormatException>(() => ScheduledJob.Parse("CheckSchedule", "every morning")).Message);

    /// <summary>A fake clock that says when the scheduler has parked on it, so advancing it is never early.</summary>
    private sealed class ObservedClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public SemaphoreSlim TimerCreated { get; } = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            TimerCreated.Release();
            return timer;
        }
    }
}
