using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using ReviewCadence.Checking;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.Fetching;

public class HttpPageFetcherStatusTests : FetchTestBase
{
    [Fact]
    public async Task A_page_comes_back_with_body_type_and_validators_and_the_catalog_user_agent()
    {
        Site.Page("/docs/a", "<h1>A</h1>", etag: "\"v1\"", lastModified: new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));

        var result = await FetchAsync("/docs/a", Loopback with { UserAgent = "ReviewCadence-Test/2.0" });

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(200, result.HttpStatus);
        Assert.Equal("<h1>A</h1>", System.Text.Encoding.UTF8.GetString(result.Body!.Span));
        Assert.Equal("text/html; charset=utf-8", result.ContentType);
        Assert.Equal("\"v1\"", result.ETag);
        Assert.Equal("Wed, 01 Jul 2026 12:00:00 GMT", result.LastModified);
        Assert.Equal(Site.Url("/docs/a"), result.FinalUrl);
        Assert.Null(result.MovedTo);
        Assert.False(result.NetworkFailure);
        Assert.Equal("ReviewCadence-Test/2.0", Site.LastRequestHeaders("/docs/a")["User-Agent"]);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    public async Task Not_found_and_gone_are_NotFound_at_once(int status)
    {
        Site.Status("/missing", status);

        var result = await FetchAsync("/missing");

        Assert.Equal(FetchStatus.NotFound, result.Status);
        Assert.Equal(status, result.HttpStatus);
        Assert.Equal($"HTTP {status}", result.Detail);
        Assert.False(result.NetworkFailure);
        Assert.Equal(1, Site.RequestCount("/missing"));
    }

    [Theory]
    [InlineData(403)]
    [InlineData(400)]
    [InlineData(401)]
    public async Task Other_client_errors_fail_without_retries(int status)
    {
        Site.Status("/forbidden", status);

        var result = await FetchAsync("/forbidden");

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal(status, result.HttpStatus);
        Assert.Equal($"HTTP {status}", result.Detail);
        Assert.False(result.NetworkFailure);
        Assert.Equal(1, Site.RequestCount("/forbidden"));
    }

    [Fact]
    public async Task Server_errors_are_retried_until_the_page_recovers()
    {
        Site.Sequence("/flaky", TestResponse.WithStatus(500), TestResponse.WithStatus(502), TestResponse.Html("<p>back</p>"));

        var result = await FetchAsync("/flaky");

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(3, Site.RequestCount("/flaky"));
    }

    [Fact]
    public async Task Request_timeout_status_is_retried()
    {
        Site.Sequence("/slow-api", TestResponse.WithStatus(408), TestResponse.Html("ok"));

        var result = await FetchAsync("/slow-api");

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(2, Site.RequestCount("/slow-api"));
    }

    [Fact]
    public async Task A_server_error_that_persists_fails_after_all_attempts_and_is_not_a_network_failure()
    {
        Site.Status("/down", 503);

        var result = await FetchAsync("/down", Loopback with { Retries = 3 });

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal(503, result.HttpStatus);
        Assert.Equal("HTTP 503 after 4 attempts", result.Detail);
        Assert.False(result.NetworkFailure);
        Assert.Equal(4, Site.RequestCount("/down"));
    }

    [Fact]
    public async Task Too_many_requests_waits_for_Retry_After_then_succeeds()
    {
        Site.Sequence("/limited", TestResponse.WithStatus(429, retryAfter: "1"), TestResponse.Html("ok"));

        var clock = Stopwatch.StartNew();
        var result = await FetchAsync("/limited");

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(2, Site.RequestCount("/limited"));
        // The base delay is 10 ms; only Retry-After explains a wait of about a second.
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_cap_is_not_waited_for()
    {
        Site.Status("/come-back-later", 429, retryAfter: "3600");

        var clock = Stopwatch.StartNew();
        var result = await FetchAsync("/come-back-later");

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal(429, result.HttpStatus);
        Assert.Equal("HTTP 429: asked to wait 3600 s, more than the 5 s limit", result.Detail);
        Assert.Equal(1, Site.RequestCount("/come-back-later"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), clock.Elapsed.ToString()); // not the hour it asked for
    }

    [Fact]
    public async Task A_429_holds_back_the_next_request_to_that_host()
    {
        Site.Status("/limited", 429, retryAfter: "1");
        Site.Page("/other", "ok");

        var first = await FetchAsync("/limited", Loopback with { Retries = 0 });
        var clock = Stopwatch.StartNew();
        var second = await FetchAsync("/other");

        Assert.Equal(FetchStatus.Failed, first.Status);
        Assert.Equal("HTTP 429", first.Detail);
        Assert.Equal(FetchStatus.Ok, second.Status);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task A_response_slower_than_the_timeout_fails_as_a_network_failure()
    {
        Site.Respond("/stuck", TestResponse.Html("late") with { Delay = TimeSpan.FromSeconds(10) });

        var clock = Stopwatch.StartNew();
        var result = await FetchAsync("/stuck", Loopback with { TimeoutSeconds = 1, Retries = 1 });

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.True(result.NetworkFailure);
        Assert.Null(result.HttpStatus);
        Assert.Equal("timed out after 1 s (2 attempts)", result.Detail);
        Assert.Equal(2, Site.RequestCount("/stuck"));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_closed_port_is_a_network_failure()
    {
        var result = await Fetcher.FetchAsync(new(TestSite.UnusedPortUrl("/docs"), Loopback with { Retries = 1 }), Timeout);

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.True(result.NetworkFailure);
        Assert.Null(result.HttpStatus);
        Assert.Equal("connection refused (2 attempts)", result.Detail);
    }

    [Fact]
    public async Task A_dead_host_opens_its_circuit_so_later_requests_fail_fast_while_other_hosts_still_work()
    {
        var fetcher = NewFetcher(options => options.BreakAfterFailures = 2);
        var settings = Loopback with { TimeoutSeconds = 1, Retries = 0 };
        Site.Respond("/hangs", TestResponse.Html("never") with { Delay = TimeSpan.FromSeconds(10) });
        Site.Page("/fine", "ok");

        for (var i = 0; i < 2; i++)
            Assert.Equal(FetchStatus.Failed, (await fetcher.FetchAsync(new(Site.Url("/hangs"), settings), Timeout)).Status);
        var clock = Stopwatch.StartNew();
        var rejected = await fetcher.FetchAsync(new(Site.Url("/hangs"), settings), Timeout);
        var elapsed = clock.Elapsed;
        var otherHost = await fetcher.FetchAsync(new(Site.Url("/fine", host: "localhost"), settings), Timeout);

        Assert.Equal(FetchStatus.Failed, rejected.Status);
        Assert.True(rejected.NetworkFailure);
        Assert.Equal($"timed out; 127.0.0.1:{Site.BaseUrl.Port} failed 2 times in a row, so it is paused", rejected.Detail);
        Assert.Equal(2, Site.RequestCount("/hangs"));
        // Rejected by the open circuit, not after the 1 s timeout (a loaded test machine gets the margin).
        Assert.True(elapsed < TimeSpan.FromMilliseconds(900), elapsed.ToString());
        Assert.Equal(FetchStatus.Ok, otherHost.Status);
    }

    [Fact]
    public async Task A_host_answering_errors_opens_its_circuit_without_counting_as_a_network_failure()
    {
        var fetcher = NewFetcher(options => options.BreakAfterFailures = 3);
        Site.Status("/down", 503);

        var first = await fetcher.FetchAsync(new(Site.Url("/down"), Loopback with { Retries = 1 }), Timeout);
        var second = await fetcher.FetchAsync(new(Site.Url("/down"), Loopback with { Retries = 1 }), Timeout);

        Assert.Equal("HTTP 503 after 2 attempts", first.Detail);
        Assert.Equal(FetchStatus.Failed, second.Status);
        Assert.Equal(503, second.HttpStatus);
        Assert.False(second.NetworkFailure);
        Assert.Equal($"HTTP 503; 127.0.0.1:{Site.BaseUrl.Port} failed 3 times in a row, so it is paused", second.Detail);
        Assert.Equal(3, Site.RequestCount("/down"));
    }

    /// <summary>
    /// The budget runs on the fetcher's clock, so the test decides when it is spent: while the second attempt hangs.
    /// Each attempt's own timeout (Polly's, real time) only has to end the first one; how fast a loaded machine does
    /// that changes nothing. Without the budget the second attempt would time out too and the retries go on to six.
    /// </summary>
    [Fact]
    public async Task A_source_that_keeps_failing_stops_at_its_overall_budget()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));
        var fetcher = NewFetcher(options => options.SourceBudget = TimeSpan.FromSeconds(1.5), clock);
        Site.Respond("/stuck", TestResponse.Html("late") with { Delay = TimeSpan.FromSeconds(20) });

        var fetching = fetcher.FetchAsync(new(Site.Url("/stuck"), Loopback with { TimeoutSeconds = 1, Retries = 5 }), Timeout);
        // The first attempt times out after 1 s (real time); the retry is the second request the site sees.
        while (Site.RequestCount("/stuck") < 2 && !fetching.IsCompleted)
        {
            await Task.Delay(10, Timeout);
        }
        if (fetching.IsCompleted)
        {
            Assert.Fail($"the fetch ended before its second attempt: {(await fetching).Detail}");
        }
        clock.Advance(TimeSpan.FromSeconds(1.5));
        var result = await fetching;

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.True(result.NetworkFailure);
        Assert.Null(result.HttpStatus);
        Assert.Equal("gave up after 1.5 s (2 attempts)", result.Detail);
        Assert.Equal(2, Site.RequestCount("/stuck"));
    }

    [Fact]
    public async Task Cancelling_the_caller_token_throws_instead_of_returning_a_result()
    {
        Site.Respond("/stuck", TestResponse.Html("late") with { Delay = TimeSpan.FromSeconds(10) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Fetcher.FetchAsync(new(Site.Url("/stuck"), Loopback), cancel.Token));
    }

    [Fact]
    public async Task A_non_http_url_fails_plainly()
    {
        var result = await Fetcher.FetchAsync(new(new Uri("ftp://example.com/file"), Loopback), Timeout);

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("not an http(s) URL", result.Detail);
    }
}
