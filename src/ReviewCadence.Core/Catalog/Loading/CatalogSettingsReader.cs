using YamlDotNet.RepresentationModel;

namespace ReviewCadence.Catalog.Loading;

/// <summary>Reads the catalog's <c>settings:</c> section; an absent section or key keeps the default.</summary>
internal static class CatalogSettingsReader
{
    private static readonly string[] Keys =
        ["allowPrivateNetworks", "maxConcurrency", "perHostConcurrency", "brokenAfterFailures", "timeoutSeconds", "retries", "maxPageBytes", "userAgent"];

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
        };
    }
}
