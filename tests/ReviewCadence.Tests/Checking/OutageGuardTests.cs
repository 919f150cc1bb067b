using ReviewCadence.Checking;

namespace ReviewCadence.Tests.Checking;

public class OutageGuardTests
{
    private static (Uri, FetchResult) Down(string url) =>
        (new Uri(url), new FetchResult { Status = FetchStatus.Failed, FinalUrl = new Uri(url), NetworkFailure = true, Detail = "connection refused" });

    private static (Uri, FetchResult) Up(string url, FetchStatus status = FetchStatus.Ok, int http = 200) =>
        (new Uri(url), new FetchResult { Status = status, FinalUrl = new Uri(url), HttpStatus = http });

    [Fact]
    public void No_host_reachable_is_inconclusive() =>
        Assert.False(OutageGuard.IsConclusive([Down("https://a.example/1"), Down("https://a.example/2"), Down("https://b.example/")]));

    [Fact]
    public void Most_hosts_down_at_the_network_level_is_inconclusive() =>
        Assert.False(OutageGuard.IsConclusive([Down("https://a.example/"), Down("https://b.example/"), Up("https://c.example/")]));

    [Fact]
    public void One_dead_host_among_healthy_ones_is_conclusive() =>
        Assert.True(OutageGuard.IsConclusive([Down("https://a.example/"), Up("https://b.example/"), Up("https://c.example/")]));

    [Fact]
    public void Http_errors_are_answers_not_outages() =>
        Assert.True(OutageGuard.IsConclusive([Up("https://a.example/", FetchStatus.NotFound, 404), Up("https://b.example/", FetchStatus.Failed, 503)]));

    [Fact]
    public void A_host_with_one_answering_page_is_reachable() =>
        Assert.True(OutageGuard.IsConclusive([Down("https://a.example/slow"), Up("https://a.example/fast")]));
}
