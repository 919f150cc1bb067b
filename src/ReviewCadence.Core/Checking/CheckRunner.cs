using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ReviewCadence.Catalog;
using ReviewCadence.Diagnostics;
using ReviewCadence.Storage;

namespace ReviewCadence.Checking;

/// <summary>
/// One check run: each distinct source fetched once, classified against its last state, and the
/// runbooks citing it flagged. Phase 1 fetches and extracts (saving content snapshots, which is
/// harmless); phase 2 applies outcomes only when the outage guard says the run is conclusive.
/// </summary>
public sealed class CheckRunner
{
    private readonly SourceChecker checker;
    private readonly CheckApplier applier;
    private readonly IReviewStore store;
    private readonly CheckReportBuilder reports;
    private readonly TimeProvider clock;
    private readonly RunLeases leases;
    private readonly ILogger<CheckRunner> logger;

    // Internal: built by AddReviewCadence from the pipeline's internal services (hosts resolve it, never construct it).
    internal CheckRunner(
        SourceChecker checker,
        CheckApplier applier,
        IReviewStore store,
        CheckReportBuilder reports,
        TimeProvider clock,
        RunLeases leases,
        ILogger<CheckRunner> logger)
    {
        this.checker = checker;
        this.applier = applier;
        this.store = store;
        this.reports = reports;
        this.clock = clock;
        this.leases = leases;
        this.logger = logger;
    }

    /// <summary>The run lease a check takes: one check at a time.</summary>
    public const string LeaseName = "check";

    /// <summary>
    /// Checks the scope's sources and applies the outcomes, telling <paramref name="progress"/> (when given) of each source
    /// as it is checked; a <see cref="CheckAlreadyRunningException"/> when another check holds the lease.
    /// </summary>
    public async Task<CheckReport> RunAsync(ReviewCatalog catalog, CheckScope scope, IProgress<SourceCheckResult>? progress, CancellationToken cancellationToken)
    {
        var sources = SelectSources(catalog, scope);
        var runId = Guid.NewGuid().ToString("n");
        var startedAt = clock.GetUtcNow();

        var starting = CheckTimings.Measure(CheckStep.RunStart);
        // The run holds every state and citation it reads until it ends: they name their sources and runbooks with the
        // catalog's strings, and a citation's baseline with its source state's fingerprint (StringPool).
        using var sharedStrings = StringPool.ShareAcrossReads(CatalogNames(catalog));
        // On the lease clock (real time), renewed while this run lives, whatever clock the run reports in (--now).
        var lease = await leases.TryAcquireAsync(LeaseName, runId, cancellationToken)
            ?? throw new CheckAlreadyRunningException(await leases.DescribeRefusalAsync(LeaseName, "a check", "--check", cancellationToken));
        try
        {
            logger.LogInformation("Check {RunId} started: {Count} sources", runId, sources.Count);
            var states = (await store.GetSourcesAsync(cancellationToken)).ToDictionary(s => s.SourceId);
            starting.Dispose();

            var verdicts = new ConcurrentDictionary<string, SourceVerdict>(Environment.ProcessorCount, sources.Count);
            using (CheckTimings.Measure(CheckStep.Sources))
            {
                var snapshots = new SnapshotWrites();
                await Parallel.ForEachAsync(
                    sources,
                    new ParallelOptions { MaxDegreeOfParallelism = catalog.Settings.MaxConcurrency, CancellationToken = cancellationToken },
                    async (source, ct) =>
                    {
                        var verdict = await checker.CheckAsync(catalog.Settings, source, states.GetValueOrDefault(source.Id), snapshots, ct);
                        verdicts[source.Id] = verdict;
                        progress?.Report(CheckReportBuilder.ToResult(source, verdict));
                    });
                await snapshots.WhenAllAsync(cancellationToken);
            }

            Citation[] citations;
            using (CheckTimings.Measure(CheckStep.CitationSync))
            {
                // After the fetches, not before: nothing there needs the citations, and holding them while pages are
                // parsed (30,000 new ones in a first check of 10,000 sources) raised the run's live data there. This run
                // saves its own sources' new citations when it applies (once, with their baselines).
                citations = await applier.SyncCitationsAsync(catalog, states, sources.Select(s => s.Id).ToHashSet(StringComparer.Ordinal), cancellationToken);
            }

            var applying = CheckTimings.Measure(CheckStep.Apply);
            var (conclusive, reported, stored) = await applier.ConcludeAsync(catalog, sources, verdicts, states, citations, catalog.History.KeepVersions, startedAt, cancellationToken);
            applying.Dispose();
            if (!conclusive)
            {
                logger.LogWarning("Check {RunId} inconclusive: the network looks down; nothing was flagged or counted", runId);
            }
            using (CheckTimings.Measure(CheckStep.Report))
            {
                var report = await reports.BuildAsync(catalog, scope, runId, startedAt, conclusive, sources, reported, stored, cancellationToken);
                await store.SaveLastCheckAsync(LastCheck.From(report, clock.GetUtcNow()), cancellationToken);
                return report;
            }
        }
        finally
        {
            using (CheckTimings.Measure(CheckStep.LeaseRelease))
            {
                await lease.DisposeAsync();
            }
        }
    }

    /// <summary>The catalog's source ids and URLs and its runbook ids: the strings a check's reads share.</summary>
    private static StringPool CatalogNames(ReviewCatalog catalog)
    {
        var names = new StringPool();
        foreach (var source in catalog.Sources)
        {
            names.Share(source.Id);
            names.Share(source.Url.ToString());
        }
        foreach (var runbook in catalog.Runbooks)
        {
            names.Share(runbook.Id);
        }
        return names;
    }

    /// <summary>The sources a scope names: given ids, the sources of given runbooks, or every source.</summary>
    public static IReadOnlyList<SourceDefinition> SelectSources(ReviewCatalog catalog, CheckScope scope)
    {
        foreach (var id in scope.SourceIds.Where(id => catalog.FindSource(id) is null))
        {
            throw new KeyNotFoundException($"no source '{Printable.Clip(id)}' in {catalog.FilePath}");
        }
        foreach (var id in scope.RunbookIds.Where(id => catalog.FindRunbook(id) is null))
        {
            throw new KeyNotFoundException($"no runbook '{Printable.Clip(id)}' in {catalog.FilePath}");
        }
        if (scope.SourceIds.Count == 0 && scope.RunbookIds.Count == 0)
        {
            return catalog.Sources;
        }
        var wanted = scope.SourceIds.Concat(scope.RunbookIds.SelectMany(r => catalog.FindRunbook(r)!.SourceIds)).ToHashSet();
        return catalog.Sources.Where(s => wanted.Contains(s.Id)).ToList();
    }
}
