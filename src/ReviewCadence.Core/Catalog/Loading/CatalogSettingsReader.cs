using YamlDotNet.RepresentationModel;

namespace ReviewCadence.Catalog.Loading;

/// <summary>Reads the catalog's <c>settings:</c> section; an absent section or key keeps the default.</summary>
internal static class CatalogSettingsReader
{
    private static readonly string[] Keys =
        ["allowPrivateNetworks", "maxConcurrency", "perHostConcurrency", "brokenAfterFailures", "timeoutSeconds", "retries", "maxPageBytes", "userAgent", "browser"];
    private static readonly string[] BrowserKeys = ["executablePath", "endpoint"];

    public static CatalogSettings Read(YamlNodeReader yaml, YamlNode? node)
    {
        var defaults = new CatalogSettings();
        if (yaml.Mapping(node, "settings") is not { } map)
        {
            return defaults;
        }
        yaml.CheckKeys(map, Keys, "settings");
        return new CatalogSettings
        {
            AllowPrivateNetworks = yaml.Bool(map, "allowPrivateNetworks") ?? defaults.AllowPrivateNetworks,
            MaxConcurrency = yaml.Int(map, "maxConcurrency", 1, 1024) ?? defaults.MaxConcurrency,
            PerHostConcurrency = yaml.Int(map, "perHostConcurrency", 1, 256) ?? defaults.PerHostConcurrency,
            BrokenAfterFailures = yaml.Int(map, "brokenAfterFailures", 1, 1000) ?? defaults.BrokenAfterFailures,
            TimeoutSeconds = yaml.Int(map, "timeoutSeconds", 1, 600) ?? defaults.TimeoutSeconds,
            Retries = yaml.Int(map, "retries", 0, 10) ?? defaults.Retries,
            MaxPageBytes = yaml.Long(map, "maxPageBytes", 1024, 1_000_000_000) ?? defaults.MaxPageBytes,
            UserAgent = yaml.Str(map, "userAgent") ?? defaults.UserAgent,
            Browser = ReadBrowser(yaml, map),
        };
    }

    private static BrowserSettings ReadBrowser(YamlNodeReader yaml, YamlMappingNode settings)
    {
        if (YamlNodeReader.Child(settings, "browser") is not { } node)
        {
            return new BrowserSettings();
        }
        if (node is not YamlMappingNode map)
        {
            yaml.Error(node, "'settings.browser' must be a mapping with 'executablePath' or 'endpoint'");
            return new BrowserSettings();
        }
        yaml.CheckKeys(map, BrowserKeys, "settings.browser");
        var executable = yaml.Str(map, "executablePath");
        var endpoint = yaml.Str(map, "endpoint");
        if (executable is not null && endpoint is not null)
        {
            yaml.Error(map, "'settings.browser' takes 'executablePath' (launch a local Chromium) or 'endpoint' (connect to a running one), not both");
        }
        else if (executable is null && endpoint is null)
        {
            yaml.Error(map, "'settings.browser' needs 'executablePath' (e.g. /usr/bin/chromium) or 'endpoint' (e.g. ws://browser:9222/devtools/browser/ID)");
        }
        // A ${NAME} reference is checked when it is resolved, so a token never has to be in the file.
        if (endpoint is not null && !endpoint.Contains("${", StringComparison.Ordinal) && !IsEndpoint(endpoint))
        {
            yaml.Error(YamlNodeReader.Child(map, "endpoint"), "'settings.browser.endpoint' must be a ws://, wss://, http:// or https:// URL of a browser's DevTools endpoint");
        }
        return new BrowserSettings { ExecutablePath = executable, Endpoint = endpoint };
    }

    internal static bool IsEndpoint(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss" or "http" or "https" && uri.Host.Length > 0;
}
