using ReviewCadence.Checking;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.Fetching;

public class HttpPageFetcherConcurrencyTests : FetchTestBase
{
    private static readonly TestResponse SlowPage = TestResponse.Html("<p>slow</p>") with { Delay = TimeSpan.FromMilliseconds(100) };

    [Fact]
    public async Task Parallel_fetches_to_one_host_keep_to_the_per_host_limit()
    {
        Site.Respond("/slow", SlowPage);
        var settings = Loopback with { PerHostConcurrency = 2, MaxConcurrency = 16 };

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Fetcher.FetchAsync(new FetchRequest(Site.Url("/slow"), settings), Timeout)));

        Assert.All(results, r => Assert.Equal(FetchStatus.Ok, r.Status));
        Assert.Equal(20, Site.RequestCount("/slow"));
        Assert.Equal(2, Site.MaxConcurrentRequests("127.0.0.1"));
    }

    [Fact]
    public async Task The_overall_limit_holds_across_hosts()
    {
        Site.Respond("/slow", SlowPage);
        var settings = Loopback with { PerHostConcurrency = 4, MaxConcurrency = 3 };

        var results = await Task.WhenAll(
            from host in new[] { "127.0.0.1", "localhost" }
            from i in Enumerable.Range(0, 10)
            select Fetcher.FetchAsync(new FetchRequest(Site.Url("/slow", host), settings), Timeout));

        Assert.All(results, r => Assert.Equal(FetchStatus.Ok, r.Status));
        Assert.Equal(3, Site.MaxConcurrentRequests());
        Assert.InRange(Site.MaxConcurrentRequests("127.0.0.1"), 1, 3);
        Assert.InRange(Site.MaxConcurrentRequests("localhost"), 1, 3);
    }

    [Fact]
    public async Task The_per_host_limit_lets_other_hosts_through()
    {
        Site.Respond("/slow", SlowPage);
        var settings = Loopback with { PerHostConcurrency = 1, MaxConcurrency = 16 };

        await Task.WhenAll(
            from host in new[] { "127.0.0.1", "localhost" }
            from i in Enumerable.Range(0, 4)
            select Fetcher.FetchAsync(new FetchRequest(Site.Url("/slow", host), settings), Timeout));

        Assert.Equal(1, Site.MaxConcurrentRequests("127.0.0.1"));
        Assert.Equal(1, Site.MaxConcurrentRequests("localhost"));
        Assert.Equal(2, Site.MaxConcurrentRequests());
    }
}
