using System.Reflection;

namespace ReviewCadence.Catalog;

/// <summary>
/// Declared on a notification channel class: the catalog <c>notify</c> entry <c>type</c> it handles and the keys such an
/// entry takes, the first of them required. The catalog loader reads these declarations (<see cref="CatalogLoader.ChannelKeys"/>),
/// so a channel's schema lives with the channel while Catalog, below the channels, names none of them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
internal sealed class NotifyTypeAttribute(string type, params string[] keys) : Attribute
{
    public string Type { get; } = type;

    public string[] Keys { get; } = keys;

    /// <summary>Every declaration in <paramref name="assembly"/>, by type name (ordinal order); two classes declaring one type are refused.</summary>
    internal static IReadOnlyDictionary<string, string[]> Find(Assembly assembly)
    {
        var byType = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var declared in assembly.GetTypes())
        {
            if (declared.GetCustomAttribute<NotifyTypeAttribute>() is not { } notify)
            {
                continue;
            }
            if (notify.Keys.Length == 0 || !byType.TryAdd(notify.Type, notify.Keys))
            {
                throw new InvalidOperationException($"notify type '{notify.Type}' of {declared.Name} is declared twice or without keys");
            }
        }
        return byType;
    }
}
