using System.Diagnostics;
using System.Reflection;
using System.Text;
using ReviewCadence.Checking;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.Fetching;

public class HttpPageFetcherBodyTests : FetchTestBase
{
    private const long FiftyMegabytes = 50L * 1024 * 1024;

    [Fact]
    public async Task A_huge_streamed_body_is_cut_off_at_the_cap_without_reading_it_all()
    {
        Site.Respond("/huge", new TestResponse { GeneratedBytes = FiftyMegabytes });

        var clock = Stopwatch.StartNew();
        var result = await FetchAsync("/huge", Loopback with { MaxPageBytes = 1_000_000 });

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("larger than 1000000 bytes", result.Detail);
        Assert.False(result.NetworkFailure);
        Assert.Null(result.Body);
        Assert.Equal(1, Site.RequestCount("/huge"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
        await Task.Delay(200);
        Assert.True(Site.BytesServed("/huge") < FiftyMegabytes / 4, $"{Site.BytesServed("/huge")} bytes served");
    }

    [Fact]
    public async Task A_declared_length_over_the_cap_is_refused_before_reading()
    {
        Site.Respond("/huge", new TestResponse { GeneratedBytes = FiftyMegabytes, AnnounceLength = true });

        var result = await FetchAsync("/huge", Loopback with { MaxPageBytes = 1_000_000 });

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("larger than 1000000 bytes", result.Detail);
        await Task.Delay(200);
        Assert.True(Site.BytesServed("/huge") < FiftyMegabytes / 4, $"{Site.BytesServed("/huge")} bytes served");
    }

    [Fact]
    public async Task A_body_exactly_at_the_cap_is_read()
    {
        Site.Respond("/edge", new TestResponse { GeneratedBytes = 100_000 });

        var result = await FetchAsync("/edge", Loopback with { MaxPageBytes = 100_000 });

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(100_000, result.Body!.Length);
    }

    [Fact]
    public async Task A_gzip_body_is_decoded()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<p>Token budgets per team.</p>", 200)) + "</body></html>";
        Site.Respond("/compressed", TestResponse.Html(html) with { Gzip = true });

        var result = await FetchAsync("/compressed");

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(html, Encoding.UTF8.GetString(result.Body!.Span));
        Assert.Contains("gzip", Site.LastRequestHeaders("/compressed")["Accept-Encoding"]);
    }

    [Fact]
    public async Task The_cap_counts_decompressed_bytes_so_a_compression_bomb_is_stopped()
    {
        Site.Respond("/bomb", new TestResponse { GeneratedBytes = FiftyMegabytes, Gzip = true });

        var result = await FetchAsync("/bomb", Loopback with { MaxPageBytes = 2_000_000 });

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("larger than 2000000 bytes", result.Detail);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/octet-stream")]
    [InlineData(null)]
    public async Task The_content_type_is_passed_through_as_given(string? contentType)
    {
        Site.Page("/page", "<!doctype html><h1>Actually HTML</h1>", contentType);

        var result = await FetchAsync("/page");

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(contentType, result.ContentType);
        Assert.Equal("<!doctype html><h1>Actually HTML</h1>", Encoding.UTF8.GetString(result.Body!.Span));
    }

    [Fact]
    public async Task A_connection_dropped_mid_body_is_retried_and_then_fails_as_a_network_failure()
    {
        Site.Respond("/cut", TestResponse.Html(new string('x', 200_000)) with { DropAfterBytes = 50_000 });

        var result = await FetchAsync("/cut", Loopback with { Retries = 2 });

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.True(result.NetworkFailure);
        Assert.Equal("connection dropped before the response was complete (3 attempts)", result.Detail);
        Assert.Equal(3, Site.RequestCount("/cut"));
    }

    [Fact]
    public async Task A_connection_dropped_once_recovers_on_retry()
    {
        var html = new string('x', 200_000);
        Site.Sequence("/cut-once", TestResponse.Html(html) with { DropAfterBytes = 50_000 }, TestResponse.Html(html));

        var result = await FetchAsync("/cut-once");

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(200_000, result.Body!.Length);
        Assert.Equal(2, Site.RequestCount("/cut-once"));
    }

    [Fact]
    public async Task An_ETag_is_sent_back_and_a_304_is_NotModified()
    {
        Site.Page("/docs/a", "<h1>A</h1>", etag: "\"abc123\"");

        var first = await FetchAsync("/docs/a");
        var second = await FetchAsync("/docs/a", etag: first.ETag, lastModified: first.LastModified);

        Assert.Equal(FetchStatus.Ok, first.Status);
        Assert.Equal(FetchStatus.NotModified, second.Status);
        Assert.Equal(304, second.HttpStatus);
        Assert.Null(second.Body);
        Assert.Equal("\"abc123\"", second.ETag);
        Assert.Same(first.ETag, second.ETag); // the validator sent, not a copy of it: a run holds every verdict
        Assert.Equal("\"abc123\"", Site.LastRequestHeaders("/docs/a")["If-None-Match"]);
        Assert.Equal(1, Site.FullResponseCount("/docs/a"));
        Assert.Equal(1, Site.NotModifiedCount("/docs/a"));
    }

    [Fact]
    public async Task A_page_read_where_the_catalog_points_keeps_the_catalogs_url_untouched()
    {
        Site.Page("/docs/plain", "<h1>Plain</h1>", etag: "\"p1\"");
        var url = Site.Url("/docs/plain");

        var result = await Fetcher.FetchAsync(new FetchRequest(url, Loopback, null, null), Timeout);

        Assert.Equal(FetchStatus.Ok, result.Status);
        // The final URL is the catalog's own instance; the requests went to a copy, which kept what the HTTP stack asked
        // of it (the catalog's Uri, held for the whole run, would otherwise keep those parts for every source).
        Assert.Same(url, result.FinalUrl);
        Assert.False(KeepsParts(url));
        var asked = new Uri(url.OriginalString);
        _ = asked.AbsoluteUri;
        Assert.True(KeepsParts(asked)); // what a request leaves on the Uri it is sent to
    }

    /// <summary>Whether <paramref name="url"/> has kept parts asked of it (its <c>UriInfo.MoreInfo</c>, found by type, not by name).</summary>
    private static bool KeepsParts(Uri url)
    {
        const BindingFlags Fields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var info = typeof(Uri).GetFields(Fields).Single(f => f.FieldType.Name == "UriInfo");
        var more = info.FieldType.GetFields(Fields).Single(f => f.FieldType.Name == "MoreInfo");
        return info.GetValue(url) is { } parts && more.GetValue(parts) is not null;
    }

    [Fact]
    public async Task A_Last_Modified_date_is_sent_back_and_a_304_is_NotModified()
    {
        Site.Page("/docs/b", "<h1>B</h1>", lastModified: new DateTimeOffset(2026, 6, 1, 8, 30, 0, TimeSpan.Zero));

        var first = await FetchAsync("/docs/b");
        var second = await FetchAsync("/docs/b", etag: first.ETag, lastModified: first.LastModified);

        Assert.Null(first.ETag);
        Assert.Equal(FetchStatus.NotModified, second.Status);
        Assert.Equal("Mon, 01 Jun 2026 08:30:00 GMT", second.LastModified);
        Assert.Equal("Mon, 01 Jun 2026 08:30:00 GMT", Site.LastRequestHeaders("/docs/b")["If-Modified-Since"]);
        Assert.Equal(1, Site.FullResponseCount("/docs/b"));
        Assert.Equal(1, Site.NotModifiedCount("/docs/b"));
    }

    [Fact]
    public async Task A_changed_page_answers_a_stale_validator_with_the_new_body()
    {
        Site.Page("/docs/c", "<h1>C2</h1>", etag: "\"v2\"");

        var result = await FetchAsync("/docs/c", etag: "\"v1\"");

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal("\"v2\"", result.ETag);
        Assert.Equal(1, Site.FullResponseCount("/docs/c"));
    }
}
