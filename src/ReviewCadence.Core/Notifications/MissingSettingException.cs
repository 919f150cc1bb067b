
namespace ReviewCadence.Notifications;

/// <summary>A <c>${NAME}</c> reference whose setting is absent from configuration.</summary>
internal sealed class MissingSettingException(string name) : NotificationFailedException($"setting {name} is not configured")
{
    public string SettingName { get; } = name;
}
