using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using ReviewCadence.Networking;

namespace ReviewCadence.Notifications;

/// <summary>
/// Replaces <c>${NAME}</c> references in a channel's settings with configuration values (environment,
/// app settings, Key Vault references) at send time. Resolved values are secrets: they are returned
/// to the caller only and never appear in messages.
/// </summary>
internal sealed partial class SettingResolver(IConfiguration configuration)
{
    /// <summary>The value with every <c>${NAME}</c> replaced; throws <see cref="MissingSettingException"/> for an unset or empty one.</summary>
    public string Resolve(string value) =>
        Reference().Replace(value, match =>
        {
            var name = match.Groups["name"].Value;
            var resolved = configuration[name];
            return string.IsNullOrEmpty(resolved) ? throw new MissingSettingException(name) : resolved;
        });

    /// <summary>The resolved absolute http(s) URL in <paramref name="key"/> (a required key of the channel).</summary>
    public Uri ResolveHttpUrl(Catalog.ChannelDefinition channel, string key)
    {
        var raw = channel.Get(key) ?? throw new NotificationFailedException($"the '{key}' setting is missing");
        var resolved = Resolve(raw);
        if (HttpUrls.Parse(resolved) is not { } url)
        {
            // Never echo the value: it is the secret.
            var origin = Reference().Match(raw) is { Success: true } m ? $"setting {m.Groups["name"].Value}" : $"'{key}'";
            throw new NotificationFailedException($"{origin} does not hold an absolute http(s) URL");
        }
        return url;
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Reference();
}
