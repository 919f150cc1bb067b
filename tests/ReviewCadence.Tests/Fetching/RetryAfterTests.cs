using System.Net.Http.Headers;
using ReviewCadence.Checking.Fetching;

namespace ReviewCadence.Tests.Fetching;

public class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Seconds_are_a_delay() =>
        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfter.Delay(RetryConditionHeaderValue.Parse("7"), Now));

    [Fact]
    public void A_date_is_the_time_until_then() =>
        Assert.Equal(TimeSpan.FromSeconds(90), RetryAfter.Delay(RetryConditionHeaderValue.Parse("Wed, 01 Jul 2026 12:01:30 GMT"), Now));

    [Fact]
    public void A_past_date_means_now() =>
        Assert.Equal(TimeSpan.Zero, RetryAfter.Delay(RetryConditionHeaderValue.Parse("Wed, 01 Jul 2026 11:00:00 GMT"), Now));

    [Fact]
    public void No_header_is_no_delay() =>
        Assert.Null(RetryAfter.Delay(null, Now));
}
