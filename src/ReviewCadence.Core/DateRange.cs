namespace ReviewCadence;

/// <summary>
/// The dates ReviewCadence accepts from users (<c>--now</c>, <c>lastReviewed</c>): 2000-01-01 to 2200-12-31. Far
/// enough either way for any real review; near enough that adding a cadence, a repeat interval or a lease can
/// never overflow. Date arithmetic on values read back from a store (which may predate this rule) clamps instead of throwing.
/// </summary>
public static class DateRange
{
    /// <summary>The earliest date accepted.</summary>
    public static readonly DateOnly First = new(2000, 1, 1);
    /// <summary>The latest date accepted.</summary>
    public static readonly DateOnly Last = new(2200, 12, 31);

    /// <summary>"between 2000-01-01 and 2200-12-31", for messages.</summary>
    public const string Description = "between 2000-01-01 and 2200-12-31";

    /// <summary>True when the date is within the range.</summary>
    public static bool Contains(DateOnly date) => date >= First && date <= Last;

    /// <summary>True when the instant's UTC date is within the range.</summary>
    public static bool Contains(DateTimeOffset instant) => Contains(DateOnly.FromDateTime(instant.UtcDateTime));

    /// <summary><paramref name="date"/> plus <paramref name="days"/>, held at <see cref="DateOnly.MinValue"/>/<see cref="DateOnly.MaxValue"/> instead of overflowing.</summary>
    public static DateOnly AddDaysClamped(this DateOnly date, int days)
    {
        var target = (long)date.DayNumber + days;
        return target > DateOnly.MaxValue.DayNumber ? DateOnly.MaxValue
            : target < DateOnly.MinValue.DayNumber ? DateOnly.MinValue
            : DateOnly.FromDayNumber((int)target);
    }
}
