using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Checking;
using ReviewCadence.Checking.Fetching;
using ReviewCadence.Networking;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.Fetching;

public class NetworkGuardTests : FetchTestBase
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.10")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("198.18.0.1")]
    [InlineData("192.0.2.5")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("2001:db8::1")]
    public void Non_public_addresses_are_not_public(string address) =>
        Assert.False(NetworkGuard.IsPublicAddress(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("93.184.216.34")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("169.253.1.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void Public_addresses_are_public(string address) =>
        Assert.True(NetworkGuard.IsPublicAddress(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    [InlineData("[::ffff:127.0.0.1]")]
    public async Task A_loopback_source_is_refused_without_connecting(string host)
    {
        Site.Page("/admin", "secret");

        var result = await Fetcher.FetchAsync(new FetchRequest(Site.Url("/admin", host), Loopback with { AllowPrivateNetworks = false }), Timeout);

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("refused: resolves to a private/loopback address (set allowPrivateNetworks to allow)", result.Detail);
        Assert.False(result.NetworkFailure);
        Assert.Null(result.HttpStatus);
        Assert.Equal(0, Site.RequestCount("/admin"));
    }

    [Fact]
    public async Task Allowing_private_networks_reaches_loopback()
    {
        Site.Page("/admin", "secret");

        var result = await Fetcher.FetchAsync(new FetchRequest(Site.Url("/admin", "localhost"), Loopback), Timeout);

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(1, Site.RequestCount("/admin"));
    }

    [Fact]
    public async Task A_guarded_handler_refuses_loopback_for_any_client()
    {
        Site.Page("/hook", "ok");
        using var client = new HttpClient(NetworkGuard.CreateHandler(allowPrivateNetworks: false));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(Site.Url("/hook"), Timeout));

        Assert.True(NetworkGuard.IsRefusal(error));
        Assert.Equal(0, Site.RequestCount("/hook"));
    }

    [Fact]
    public async Task An_unguarded_handler_reaches_loopback()
    {
        Site.Page("/hook", "ok");
        using var client = new HttpClient(NetworkGuard.CreateHandler(allowPrivateNetworks: true));

        using var response = await client.GetAsync(Site.Url("/hook"), Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void AddPageFetching_registers_one_shared_fetcher()
    {
        using var provider = new ServiceCollection().AddPageFetching().BuildServiceProvider();

        var fetcher = provider.GetRequiredService<IPageFetcher>();

        // Browser sources go to Chromium, the rest straight to the HTTP fetcher inside it.
        Assert.IsType<ReviewCadence.Checking.Rendering.BrowserPageFetcher>(fetcher);
        Assert.Same(fetcher, provider.GetRequiredService<IPageFetcher>());
    }

    [Fact]
    public void Invalid_fetching_options_are_rejected()
    {
        using var provider = new ServiceCollection().AddPageFetching(o => o.BreakAfterFailures = 0).BuildServiceProvider();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<IPageFetcher>());
        Assert.Contains("FetchingOptions.BreakAfterFailures must be between 1 and 1000 (it is 0)", error.Message);
    }

    [Fact]
    public void Fetching_options_at_the_edges_of_their_ranges_are_accepted()
    {
        using var provider = new ServiceCollection().AddPageFetching(o =>
        {
            o.RetryBaseDelay = TimeSpan.Zero;
            o.SourceBudget = TimeSpan.FromHours(1);
            o.BreakAfterFailures = 1000;
            o.BreakDuration = TimeSpan.FromMilliseconds(1);
            o.MaxRedirects = 0;
        }).BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<IPageFetcher>());
    }
}
