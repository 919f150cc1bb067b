using System.Text.RegularExpressions;

namespace ReviewCadence.Catalog;

/// <summary>The user's declaration of what to watch: <c>catalog.yaml</c>, loaded and validated.</summary>
public sealed record ReviewCatalog
{
    /// <summary>The file the catalog was read from.</summary>
    public required string FilePath { get; init; }
    /// <summary>The <c>settings:</c> block.</summary>
    public CatalogSettings Settings { get; init; } = new();
    /// <summary>The <c>reminders:</c> block.</summary>
    public ReminderPolicy Reminders { get; init; } = new();
    /// <summary>The <c>history:</c> block.</summary>
    public HistoryPolicy History { get; init; } = new();
    /// <summary>Every source, declared and implicit, in catalog order.</summary>
    public required IReadOnlyList<SourceDefinition> Sources { get; init; }
    /// <summary>Every owner, in catalog order.</summary>
    public required IReadOnlyList<OwnerDefinition> Owners { get; init; }
    /// <summary>Every runbook, in catalog order.</summary>
    public required IReadOnlyList<RunbookDefinition> Runbooks { get; init; }

    // Lookups by id run for every source and finding of a check (10,000 sources is a supported size),
    // so they go through an index built once per set of lists rather than scanning them.
    private CatalogIndex? _index;

    private CatalogIndex Index =>
        _index is { } index && index.Indexes(this) ? index : _index = new CatalogIndex(this);

    /// <summary>The source with this id; null when there is none.</summary>
    public SourceDefinition? FindSource(string id) => Index.Sources.GetValueOrDefault(id);
    /// <summary>The runbook with this id; null when there is none.</summary>
    public RunbookDefinition? FindRunbook(string id) => Index.Runbooks.GetValueOrDefault(id);
    /// <summary>The owner with this id; null when there is none.</summary>
    public OwnerDefinition? FindOwner(string id) => Index.Owners.GetValueOrDefault(id);

    /// <summary>The runbooks that cite a source, in catalog order.</summary>
    public IReadOnlyList<RunbookDefinition> RunbooksCiting(string sourceId) => [.. Index.Citing[sourceId]];

    /// <summary>The catalog's lists by id; rebuilt when a <c>with</c> copy brings other lists.</summary>
    private sealed class CatalogIndex(ReviewCatalog catalog)
    {
        private readonly IReadOnlyList<SourceDefinition> _sources = catalog.Sources;
        private readonly IReadOnlyList<RunbookDefinition> _runbooks = catalog.Runbooks;
        private readonly IReadOnlyList<OwnerDefinition> _owners = catalog.Owners;

        // The loader rejects duplicate ids; the first wins should a hand-built catalog repeat one.
        public Dictionary<string, SourceDefinition> Sources { get; } = catalog.Sources.DistinctBy(s => s.Id).ToDictionary(s => s.Id);
        public Dictionary<string, RunbookDefinition> Runbooks { get; } = catalog.Runbooks.DistinctBy(r => r.Id).ToDictionary(r => r.Id);
        public Dictionary<string, OwnerDefinition> Owners { get; } = catalog.Owners.DistinctBy(o => o.Id).ToDictionary(o => o.Id);
        public ILookup<string, RunbookDefinition> Citing { get; } =
            catalog.Runbooks.SelectMany(r => r.SourceIds.Distinct().Select(s => (Source: s, Runbook: r))).ToLookup(p => p.Source, p => p.Runbook);

        public bool Indexes(ReviewCatalog other) =>
            ReferenceEquals(_sources, other.Sources) && ReferenceEquals(_runbooks, other.Runbooks) && ReferenceEquals(_owners, other.Owners);
    }
}
