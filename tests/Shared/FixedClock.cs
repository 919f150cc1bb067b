namespace ReviewCadence.Testing;

/// <summary>
/// The clock for tests that run real I/O (a Kestrel site, SQLite, serve): "now" is fixed, so statuses,
/// cadences and schedules never depend on the day the suite runs, while timers, delays and timestamps stay
/// real, so fetch retries, politeness waits and HTTP time-outs behave as they do in production. It is what
/// the CLI's <c>--now</c> does; tests that need time to move use <c>FakeTimeProvider</c> instead.
/// </summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>The instant most tests pin "now" to: a working day well after the catalogs' lastReviewed dates.</summary>
    public static readonly DateTimeOffset Default = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    public FixedClock() : this(Default)
    {
    }

    public DateOnly Today => DateOnly.FromDateTime(now.UtcDateTime);

    public override DateTimeOffset GetUtcNow() => now;
}
