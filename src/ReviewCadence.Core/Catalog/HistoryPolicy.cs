namespace ReviewCadence.Catalog;

/// <summary>The <c>history:</c> block: how many versions of each source are kept (the oldest are pruned).</summary>
public sealed record HistoryPolicy
{
    /// <summary>How many versions are kept when the catalog does not say.</summary>
    public const int DefaultKeepVersions = 50;

    /// <summary>Versions kept per source (<c>keepVersions</c>).</summary>
    public int KeepVersions { get; init; } = DefaultKeepVersions;
}
