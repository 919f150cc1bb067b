using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace ReviewCadence.Storage;

/// <summary>
/// One string instance per distinct value across the rows of one read. A check holds every citation and source
/// state for the whole run, and their text repeats: 60,000 citations name 10,000 sources and 5,000 runbooks and
/// carry one baseline fingerprint and URL per source, rows written together share a version, and a state's URL is
/// usually its final URL. Sharing those keeps the run's live heap (and so the GC's budget, which grows with it) small.
/// </summary>
internal sealed class StringPool
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    [return: NotNullIfNotNull(nameof(value))]
    public string? Share(string? value)
    {
        if (value is null)
        {
            return null;
        }
        ref var shared = ref CollectionsMarshal.GetValueRefOrAddDefault(_values, value, out var exists);
        if (!exists)
        {
            shared = value;
        }
        return shared!;
    }
}
