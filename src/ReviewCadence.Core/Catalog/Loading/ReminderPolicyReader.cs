using YamlDotNet.RepresentationModel;

namespace ReviewCadence.Catalog.Loading;

/// <summary>Reads the catalog's <c>reminders:</c> section; an absent section or key keeps the default.</summary>
internal static class ReminderPolicyReader
{
    private static readonly string[] Keys = ["repeatEveryDays", "dueSoonDays", "escalateAfter"];

    public static ReminderPolicy Read(YamlNodeReader yaml, YamlNode? node)
    {
        var defaults = new ReminderPolicy();
        if (yaml.Mapping(node, "reminders") is not { } map)
        {
            return defaults;
        }
        yaml.CheckKeys(map, Keys, "reminders");
        return new ReminderPolicy
        {
            RepeatEveryDays = yaml.Int(map, "repeatEveryDays", 1, 365) ?? defaults.RepeatEveryDays,
            DueSoonDays = yaml.Int(map, "dueSoonDays", 0, 365) ?? defaults.DueSoonDays,
            EscalateAfter = yaml.Int(map, "escalateAfter", 1, 100) ?? defaults.EscalateAfter,
        };
    }
}
