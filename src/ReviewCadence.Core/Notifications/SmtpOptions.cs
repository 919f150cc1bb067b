namespace ReviewCadence.Notifications;

/// <summary>How the SMTP connection is secured (MailKit's SecureSocketOptions, by name).</summary>
internal enum SmtpSecurity
{
    /// <summary>Plain text: only for a relay on the same host or a test server.</summary>
    None,
    /// <summary>Connect in plain text, then require STARTTLS (submission port 587).</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
    /// <summary>TLS on connect for port 465, else STARTTLS when the server offers it.</summary>
    Auto,
}

/// <summary>The SMTP server e-mail reminders are sent through (section <c>ReviewCadence:Smtp</c>).</summary>
internal sealed class SmtpOptions
{
    public const string SectionName = "ReviewCadence:Smtp";

    /// <summary>A setting's name as an environment variable, the way users set it: <c>ReviewCadence__Smtp__Host</c>.</summary>
    public static string EnvironmentName(string key) => $"{SectionName}:{key}".Replace(":", "__", StringComparison.Ordinal);

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    /// <summary>Optional: without it, no authentication is attempted.</summary>
    public string? User { get; set; }
    /// <summary>A secret: never logged.</summary>
    public string? Password { get; set; }
    /// <summary>The sender address, for example <c>ReviewCadence &lt;reviewcadence@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    internal static bool IsValid(SmtpOptions options) => options.Port is > 0 and <= 65535;

    /// <summary>
    /// Why e-mail cannot be sent with these settings, naming the setting both ways users set it; null when it can be
    /// tried. One wording for a dry run and a live send, so the answer does not change between the two.
    /// </summary>
    public string? ConfigurationProblem()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            return $"e-mail has no SMTP host: set {Setting("Host")}";
        }
        if (string.IsNullOrWhiteSpace(From))
        {
            return $"e-mail has no sender: set {Setting("From")}";
        }
        if (!MimeKit.MailboxAddress.TryParse(From, out _))
        {
            return $"the e-mail sender is not an e-mail address: fix {Setting("From")}";
        }
        return null;
    }

    private static string Setting(string key) => $"{SectionName}:{key} (environment variable {EnvironmentName(key)})";
}
