using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Catalog;
using ReviewCadence.Notifications;

namespace ReviewCadence.Tests.Notifications;

public class NotificationChannelRegistryTests
{
    [Fact]
    public async Task AddReminders_registers_a_channel_for_every_catalog_notify_type()
    {
        await using var host = new NotificationTestHost();
        var registry = host.Services.GetRequiredService<NotificationChannelRegistry>();
        Assert.Equal(CatalogLoader.ChannelKeys.Keys.Order(), registry.Types.Order());
        Assert.All(CatalogLoader.ChannelKeys.Keys, type => Assert.Equal(type, registry.Get(type).Type));
    }

    [Fact]
    public void An_unknown_type_is_a_delivery_failure_not_a_crash()
    {
        var registry = new NotificationChannelRegistry([]);
        var error = Assert.Throws<NotificationFailedException>(() => registry.Get("pager"));
        Assert.Equal("no notification channel handles type 'pager'", error.Message);
    }

    [Fact]
    public async Task Two_channels_for_one_type_are_refused()
    {
        await using var host = new NotificationTestHost();
        var teams = host.Channel("teams");
        Assert.Throws<InvalidOperationException>(() => new NotificationChannelRegistry([teams, teams]));
    }
}
