using System.Text.RegularExpressions;

namespace ReviewCadence.Catalog;

/// <summary>The user's declaration of what to watch: <c>catalog.yaml</c>, loaded and validated.</summary>
public sealed record ReviewCatalog
{
    public required string FilePath { get; init; }
    public CatalogSettings Settings { get; init; } = new();
    public ReminderPolicy Reminders { get; init; } = new();
    public required IReadOnlyList<SourceDefinition> Sources { get; init; }
    public required IReadOnlyList<OwnerDefinition> Owners { get; init; }
    public required IReadOnlyList<RunbookDefinition> Runbooks { get; init; }

    // Lookups by id run for every source and finding of a check (10,000 sources is a supported size),
    // so they go through an index built once per set of lists rather than scanning them.
    private CatalogIndex? _index;

    private CatalogIndex Index =>
        _index is { } index && index.Indexes(this) ? index : _index = new CatalogIndex(this);

    public SourceDefinition? FindSource(string id) => Index.Sources.GetValueOrDefault(id);
    public RunbookDefinition? FindRunbook(string id) => Index.Runbooks.GetValueOrDefault(id);
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

/// <summary>The <c>settings:</c> block. Defaults are the documented ones.</summary>
public sealed record CatalogSettings
{
    public const string DefaultUserAgent = "ReviewCadence/1.0 (+https://github.com/reviewcadence/ReviewCadence)";

    /// <summary>Lets sources and webhooks resolve to loopback or private addresses (tests, intranets).</summary>
    public bool AllowPrivateNetworks { get; init; }
    public int MaxConcurrency { get; init; } = 16;
    public int PerHostConcurrency { get; init; } = 4;
    public int BrokenAfterFailures { get; init; } = 2;
    public int TimeoutSeconds { get; init; } = 30;
    public int Retries { get; init; } = 3;
    public long MaxPageBytes { get; init; } = 5_000_000;
    public string UserAgent { get; init; } = DefaultUserAgent;
}

/// <summary>The <c>reminders:</c> block.</summary>
public sealed record ReminderPolicy
{
    public int RepeatEveryDays { get; init; } = 3;
    public int DueSoonDays { get; init; } = 7;
    public int EscalateAfter { get; init; } = 3;
}

/// <summary>A page to watch. Runbooks that cite a bare URL get an implicit source.</summary>
public sealed record SourceDefinition
{
    public required string Id { get; init; }
    public required Uri Url { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string> Select { get; init; } = [];
    public IReadOnlyList<string> Exclude { get; init; } = [];
    public IReadOnlyList<Regex> Ignore { get; init; } = [];
    /// <summary>True when the source was declared only as a URL in a runbook's <c>sources</c>.</summary>
    public bool Implicit { get; init; }

    public string DisplayName => Title ?? Id;
}

/// <summary>A follow-up owner and where to reach them.</summary>
public sealed record OwnerDefinition
{
    public required string Id { get; init; }
    public IReadOnlyList<ChannelDefinition> Notify { get; init; } = [];
    public string? EscalateTo { get; init; }
}

/// <summary>One <c>notify[]</c> entry. Values may hold <c>${NAME}</c> references resolved at send time.</summary>
public sealed record ChannelDefinition
{
    public required string Type { get; init; }
    /// <summary>The entry's keys other than <c>type</c> (url, to, secret, ...), unresolved.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
    public int Line { get; init; }

    public string? Get(string key) => Settings.TryGetValue(key, out var value) ? value : null;

    /// <summary>A label safe for output: the type and position, never the URL (which may embed a secret).</summary>
    public string Label(int index) => $"{Type}#{index + 1}";
}

/// <summary>A runbook whose steps rest on sources.</summary>
public sealed record RunbookDefinition
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Owner { get; init; }
    public int CadenceDays { get; init; } = 30;
    public DateOnly? LastReviewed { get; init; }
    public string? Document { get; init; }
    /// <summary>Source ids, implicit sources included (URLs are resolved to their implicit source's id).</summary>
    public required IReadOnlyList<string> SourceIds { get; init; }
}
