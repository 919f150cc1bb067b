
namespace ReviewCadence.Notifications;

/// <summary>A delivery that was not accepted. The message is safe for users and logs: it never holds a URL or secret.</summary>
internal class NotificationFailedException(string message) : Exception(message);
