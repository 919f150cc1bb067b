
using ReviewCadence.Checking.Fetching;

namespace ReviewCadence.Tests.Fetching;

public class UrlComparerTests
{
    [Theory]
    [InlineData("https://apidoc.cometapi.com/pricing", "http://apidoc.cometapi.com/pricing")]
    [InlineData("https://apidoc.cometapi.com/pricing", "https://apidoc.cometapi.com/pricing/")]
    [InlineData("https://apidoc.cometapi.com/pricing", "https://APIDOC.CometAPI.com/pricing")]
    [InlineData("https://apidoc.cometapi.com/pricing", "https://apidoc.cometapi.com:443/pricing")]
    [InlineData("http://apidoc.cometapi.com/pricing", "http://apidoc.cometapi.com:80/pricing")]
    [InlineData("https://apidoc.cometapi.com/pricing", "https://apidoc.cometapi.com/pricing#tiers")]
    [InlineData("https://apidoc.cometapi.com/pricing", "https://apidoc.cometapi.com/pricing?utm_source=x&utm_medium=email&utm_campaign=launch")]
    [InlineData("https://apidoc.cometapi.com/pricing", "https://apidoc.cometapi.com/pricing?gclid=abc&fbclid=def&mc_cid=1&mc_eid=2&msclkid=3")]
    [InlineData("https://apidoc.cometapi.com/pricing?tab=api", "https://apidoc.cometapi.com/pricing?utm_source=x&tab=api")]
    [InlineData("https://example.com/search?a=1&b=2", "https://example.com/search?b=2&a=1")]
    [InlineData("https://example.com/", "https://example.com")]
    [InlineData("https://example.com/", "https://example.com/?")]
    [InlineData("https://example.com./docs", "https://example.com/docs")]
    [InlineData("http://example.com/docs", "https://example.com/docs/?utm_source=feed#top")]
    [InlineData("https://example.com/docs", "https://www.example.com/docs")]
    [InlineData("http://www.example.com/docs/", "https://example.com/docs")]
    public void Noise_does_not_make_another_page(string a, string b)
    {
        Assert.True(UrlComparer.SamePage(new Uri(a), new Uri(b)));
        Assert.Equal(UrlComparer.Instance.GetHashCode(new Uri(a)), UrlComparer.Instance.GetHashCode(new Uri(b)));
    }

    [Theory]
    [InlineData("https://example.com/docs/a", "https://example.com/docs/b")]
    [InlineData("https://example.com/Docs", "https://example.com/docs")]
    [InlineData("https://example.com/docs", "https://example.org/docs")]
    [InlineData("https://www.example.com/docs", "https://www2.example.com/docs")]
    [InlineData("https://docs.example.com/guide", "https://example.com/guide")]
    [InlineData("https://example.com/docs", "https://example.com:8443/docs")]
    [InlineData("https://example.com/search?q=a", "https://example.com/search?q=b")]
    [InlineData("https://example.com/search?q=a", "https://example.com/search")]
    [InlineData("https://example.com/page?ref=home", "https://example.com/page")]
    public void A_different_path_host_port_or_real_parameter_is_another_page(string a, string b) =>
        Assert.False(UrlComparer.SamePage(new Uri(a), new Uri(b)));

    [Fact]
    public void Normalize_keeps_the_scheme_and_removes_the_noise()
    {
        var normalized = UrlComparer.Normalize(new Uri("HTTPS://Docs.Example.COM:443/guide/?b=2&utm_source=x&a=1#part"));

        Assert.Equal("https://docs.example.com/guide?a=1&b=2", normalized.AbsoluteUri);
    }

    [Theory]
    [InlineData("utm_source", true)]
    [InlineData("UTM_Campaign", true)]
    [InlineData("gclid", true)]
    [InlineData("fbclid", true)]
    [InlineData("mc_cid", true)]
    [InlineData("page", false)]
    [InlineData("utmost", false)]
    public void Tracking_parameters_are_recognised(string name, bool tracking) =>
        Assert.Equal(tracking, UrlComparer.IsTrackingParameter(name));
}
