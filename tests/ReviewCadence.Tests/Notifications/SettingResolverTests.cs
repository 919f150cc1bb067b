using Microsoft.Extensions.Configuration;
using ReviewCadence.Catalog;
using ReviewCadence.Notifications;

namespace ReviewCadence.Tests.Notifications;

public class SettingResolverTests
{
    private static readonly SettingResolver Resolver = new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["TEAMS_WEBHOOK_PLATFORM"] = "https://prod.example.com/workflows/1?sig=abc",
        ["HOOK_HOST"] = "hooks.example.com",
        ["HOOK_TOKEN"] = "t0k3n",
        ["EMPTY"] = "",
    }).Build());

    [Theory]
    [InlineData("${TEAMS_WEBHOOK_PLATFORM}", "https://prod.example.com/workflows/1?sig=abc")]
    [InlineData("https://${HOOK_HOST}/review/${HOOK_TOKEN}", "https://hooks.example.com/review/t0k3n")]
    [InlineData("finops@example.com", "finops@example.com")]
    public void Replaces_every_reference(string value, string expected) => Assert.Equal(expected, Resolver.Resolve(value));

    [Theory]
    [InlineData("${TEAMS_WEBHOOK_MISSING}", "TEAMS_WEBHOOK_MISSING")]
    [InlineData("https://${HOOK_HOST}/${EMPTY}", "EMPTY")]
    public void An_unset_or_empty_setting_is_named(string value, string name)
    {
        var error = Assert.Throws<MissingSettingException>(() => Resolver.Resolve(value));
        Assert.Equal(name, error.SettingName);
        Assert.Equal($"setting {name} is not configured", error.Message);
    }

    [Fact]
    public void A_resolved_url_must_be_http()
    {
        var channel = new ChannelDefinition { Type = "webhook", Settings = new Dictionary<string, string> { ["url"] = "ftp://${HOOK_HOST}/x" } };
        var error = Assert.Throws<NotificationFailedException>(() => Resolver.ResolveHttpUrl(channel, "url"));
        Assert.Equal("setting HOOK_HOST does not hold an absolute http(s) URL", error.Message);
        Assert.DoesNotContain("hooks.example.com", error.Message);
    }
}
