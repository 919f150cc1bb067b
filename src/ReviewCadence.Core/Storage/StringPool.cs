using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace ReviewCadence.Storage;

/// <summary>
/// One string instance per distinct value across the rows of one read. A check holds every citation and source
/// state for the whole run, and their text repeats: 60,000 citations name 10,000 sources and 5,000 runbooks and
/// carry one baseline fingerprint and URL per source, rows written together share a version, and a state's URL is
/// usually its final URL. Sharing those keeps the run's live heap (and so the GC's budget, which grows with it) small.
/// A check goes further (<see cref="ShareAcrossReads"/>): its reads share one pool, seeded with the catalog's ids and
/// URLs, so a state or citation names its source with the catalog's own string, and a citation's baseline is its
/// source state's fingerprint.
/// </summary>
internal sealed class StringPool
{
    private static readonly AsyncLocal<StringPool?> Shared = new();

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>The pool a bulk read shares its strings through: the running check's, or a new one of its own.</summary>
    public static StringPool ForRead() => Shared.Value ?? new StringPool();

    /// <summary>
    /// Makes the store reads of the calling flow (and the tasks it starts) share <paramref name="pool"/> until the result is
    /// disposed: one check's reads, whose rows it holds together until it ends.
    /// </summary>
    public static Scope ShareAcrossReads(StringPool pool)
    {
        var outer = Shared.Value;
        Shared.Value = pool;
        return new Scope(outer);
    }

    [return: NotNullIfNotNull(nameof(value))]
    public string? Share(string? value)
    {
        if (value is null)
        {
            return null;
        }
        // A check's pool may serve reads on more than one thread; a lock nobody else holds costs little per row.
        lock (_values)
        {
            ref var shared = ref CollectionsMarshal.GetValueRefOrAddDefault(_values, value, out var exists);
            if (!exists)
            {
                shared = value;
            }
            return shared!;
        }
    }

    /// <summary>Ends <see cref="ShareAcrossReads"/>: the flow's reads go back to the pool they used before.</summary>
    public readonly struct Scope(StringPool? outer) : IDisposable
    {
        /// <summary>Restores the pool of before.</summary>
        public void Dispose() => Shared.Value = outer;
    }
}
