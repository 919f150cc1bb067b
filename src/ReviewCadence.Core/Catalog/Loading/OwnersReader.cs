using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ReviewCadence.Catalog.Loading;

/// <summary>Reads the catalog's <c>owners:</c> list with each owner's <c>notify</c> channels and escalation target.</summary>
internal static partial class OwnersReader
{
    private static readonly string[] Keys = ["id", "notify", "escalateTo"];

    /// <summary>The owners read, each with its node (where later checks, such as a runbook's owner, point).</summary>
    public static List<(OwnerDefinition Owner, YamlMappingNode Node)> Read(YamlNodeReader yaml, YamlNode? node)
    {
        var result = new List<(OwnerDefinition, YamlMappingNode)>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var map in yaml.Items(node, "owners"))
        {
            yaml.CheckKeys(map, Keys, "an owner");
            var id = yaml.Id(map, "owner", taken);
            var channels = new List<ChannelDefinition>();
            foreach (var channel in yaml.Items(YamlNodeReader.Child(map, "notify"), "notify"))
            {
                if (ReadChannel(yaml, channel) is { } definition)
                {
                    channels.Add(definition);
                }
            }
            if (id is not null)
            {
                result.Add((new OwnerDefinition { Id = id, Notify = channels, EscalateTo = yaml.Str(map, "escalateTo") }, map));
            }
        }
        foreach (var (owner, map) in result)
        {
            if (owner.EscalateTo is { } target && result.All(o => o.Item1.Id != target))
            {
                yaml.Error(YamlNodeReader.Child(map, "escalateTo"), $"owner '{owner.Id}' escalates to '{target}', which is not an owner in this catalog");
            }
        }
        return result;
    }

    private static ChannelDefinition? ReadChannel(YamlNodeReader yaml, YamlMappingNode map)
    {
        var channelKeys = CatalogLoader.ChannelKeys;
        var type = yaml.Str(map, "type");
        if (type is null)
        {
            yaml.Error(map, $"a notify entry needs a 'type': one of {string.Join(", ", channelKeys.Keys)}");
            return null;
        }
        if (!channelKeys.TryGetValue(type, out var keys))
        {
            yaml.Error(YamlNodeReader.Child(map, "type"), $"unknown notify type '{type}'; use one of {string.Join(", ", channelKeys.Keys)}");
            return null;
        }
        yaml.CheckKeys(map, ["type", .. keys], $"a '{type}' notify entry");
        var settings = new Dictionary<string, string>();
        foreach (var key in keys)
        {
            if (yaml.Str(map, key) is { } value)
            {
                settings[key] = value;
            }
        }
        if (!settings.ContainsKey(keys[0]))
        {
            yaml.Error(map, $"a '{type}' notify entry needs '{keys[0]}'");
            return null;
        }
        if (settings.TryGetValue("url", out var url) && !SettingReference().IsMatch(url) && !YamlNodeReader.IsHttpUrl(url, out _))
        {
            // The URL itself may be a secret: never echo it.
            yaml.Error(YamlNodeReader.Child(map, "url"), $"the '{type}' url is neither an absolute http(s) URL nor a ${{SETTING}} reference");
        }
        return new ChannelDefinition { Type = type, Settings = settings, Line = (int)map.Start.Line };
    }

    [GeneratedRegex(@"^\$\{[A-Za-z_][A-Za-z0-9_]*\}$")]
    private static partial Regex SettingReference();
}
