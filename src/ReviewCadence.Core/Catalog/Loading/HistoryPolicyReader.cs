using YamlDotNet.RepresentationModel;

namespace ReviewCadence.Catalog.Loading;

/// <summary>Reads the catalog's <c>history:</c> section; an absent section or key keeps the default.</summary>
internal static class HistoryPolicyReader
{
    private static readonly string[] Keys = ["keepVersions"];

    public static HistoryPolicy Read(YamlNodeReader yaml, YamlNode? node)
    {
        var defaults = new HistoryPolicy();
        if (yaml.Mapping(node, "history") is not { } map)
        {
            return defaults;
        }
        yaml.CheckKeys(map, Keys, "history");
        // Two at least: a diff compares two versions.
        return new HistoryPolicy { KeepVersions = yaml.Int(map, "keepVersions", 2, 10_000) ?? defaults.KeepVersions };
    }
}
