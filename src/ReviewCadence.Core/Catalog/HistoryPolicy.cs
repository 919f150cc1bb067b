namespace ReviewCadence.Catalog;

/// <summary>The <c>history:</c> block: how many versions of each source are kept (the oldest are pruned).</summary>
public sealed record HistoryPolicy
{
    public const int DefaultKeepVersions = 50;

    public int KeepVersions { get; init; } = DefaultKeepVersions;
}
