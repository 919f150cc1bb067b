using ReviewCadence.Networking;

namespace ReviewCadence.Reminders;

/// <summary>Reminder settings from configuration (section <c>ReviewCadence</c>).</summary>
internal sealed class ReminderOptions
{
    public const string SectionName = "ReviewCadence";

    /// <summary>
    /// <c>ReviewCadence:PublicBaseUrl</c> (app setting / environment variable <c>ReviewCadence__PublicBaseUrl</c>, which
    /// infra/app/api.bicep sets to the app's own host name): where this app is reachable, for example
    /// <c>https://reviewcadence.azurewebsites.net</c>. Optional: when set, reminders link each runbook to the dashboard
    /// opened on it, each changed source to its diff there, and show the full review URL.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    internal Uri? PublicBase =>
        string.IsNullOrWhiteSpace(PublicBaseUrl) ? null : new Uri(PublicBaseUrl.TrimEnd('/') + "/", UriKind.Absolute);

    internal static bool IsValid(ReminderOptions options) =>
        string.IsNullOrWhiteSpace(options.PublicBaseUrl)
        || HttpUrls.Parse(options.PublicBaseUrl) is not null;
}
