namespace ReviewCadence.Notifications;

/// <summary>The registered channels by catalog type name: the one place a <c>type</c> string picks a class.</summary>
internal sealed class NotificationChannelRegistry
{
    private readonly Dictionary<string, INotificationChannel> _byType;

    public NotificationChannelRegistry(IEnumerable<INotificationChannel> channels)
    {
        _byType = new Dictionary<string, INotificationChannel>(StringComparer.Ordinal);
        foreach (var channel in channels)
        {
            if (!_byType.TryAdd(channel.Type, channel))
            {
                throw new InvalidOperationException($"two notification channels are registered for type '{channel.Type}'");
            }
        }
    }

    public IReadOnlyCollection<string> Types => _byType.Keys;

    /// <summary>The channel for a catalog type; a <see cref="NotificationFailedException"/> when none is registered.</summary>
    public INotificationChannel Get(string type) =>
        _byType.TryGetValue(type, out var channel)
            ? channel
            : throw new NotificationFailedException($"no notification channel handles type '{type}'");
}
