using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ReviewCadence.Catalog;
using ReviewCadence.Extraction;
using ReviewCadence.Runbooks;
using ReviewCadence.Storage;

namespace ReviewCadence.Checking;

/// <summary>Options for check runs (bound from configuration section <c>ReviewCadence:Check</c>).</summary>
public sealed class CheckOptions
{
    /// <summary>How long a run's lease lasts; a crashed run blocks others at most this long.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// One check run: each distinct source fetched once, classified against its last state, and the
/// runbooks citing it flagged. Phase 1 fetches and extracts (saving content snapshots, which is
/// harmless); phase 2 applies outcomes only when the outage guard says the run is conclusive.
/// </summary>
public sealed class CheckRunner(
    IPageFetcher fetcher,
    IContentExtractor extractor,
    IReviewStore store,
    RunbookStatusService statuses,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<CheckOptions> options,
    ILogger<CheckRunner> logger)
{
    public const string LeaseName = "check";

    public async Task<CheckReport> RunAsync(ReviewCatalog catalog, CheckScope scope, IProgress<SourceCheckResult>? progress, CancellationToken cancellationToken)
    {
        var sources = SelectSources(catalog, scope);
        var runId = Guid.NewGuid().ToString("n");
        var startedAt = clock.GetUtcNow();

        // Leases expire on the wall clock, whatever clock the run reports in (--now).
        var lease = await store.TryAcquireLeaseAsync(LeaseName, runId, TimeProvider.System.GetUtcNow(), options.Value.LeaseDuration, cancellationToken)
            ?? throw new CheckAlreadyRunningException("a check is already running; try again when it has finished");
        try
        {
            logger.LogInformation("Check {RunId} started: {Count} sources", runId, sources.Count);
            var states = (await store.GetSourcesAsync(cancellationToken)).ToDictionary(s => s.SourceId);
            var citations = await SyncCitationsAsync(catalog, states, cancellationToken);

            var verdicts = new ConcurrentDictionary<string, SourceVerdict>();
            await Parallel.ForEachAsync(
                sources,
                new ParallelOptions { MaxDegreeOfParallelism = catalog.Settings.MaxConcurrency, CancellationToken = cancellationToken },
                async (source, ct) =>
                {
                    var verdict = await CheckSourceAsync(catalog.Settings, source, states.GetValueOrDefault(source.Id), ct);
                    verdicts[source.Id] = verdict;
                    progress?.Report(ToResult(source, verdict));
                });

            var conclusive = OutageGuard.IsConclusive(sources.Select(s => (s.Url, verdicts[s.Id].Fetch)));
            if (conclusive)
            {
                await ApplyAsync(catalog, sources, verdicts, states, citations, startedAt, cancellationToken);
            }
            else
            {
                logger.LogWarning("Check {RunId} inconclusive: the network looks down; nothing was flagged or counted", runId);
                foreach (var source in sources)
                {
                    verdicts[source.Id] = SourceClassifier.Uncounted(verdicts[source.Id], states.GetValueOrDefault(source.Id));
                }
            }

            var runbookIds = RunbooksInScope(catalog, scope, sources);
            var all = await statuses.GetAllAsync(catalog, cancellationToken);
            return new CheckReport
            {
                RunId = runId,
                StartedAt = startedAt,
                Conclusive = conclusive,
                Sources = sources.Select(s => ToResult(s, verdicts[s.Id])).ToList(),
                Runbooks = all.Where(r => runbookIds.Contains(r.Id))
                    .Select(r => new RunbookCheckResult(r.Id, r.Status, r.Findings.Select(f => new CheckFinding(f.Source, f.Kind)).ToList()))
                    .ToList(),
            };
        }
        finally
        {
            await store.ReleaseLeaseAsync(lease, CancellationToken.None);
        }
    }

    /// <summary>The sources a scope names: given ids, the sources of given runbooks, or every source.</summary>
    public static IReadOnlyList<SourceDefinition> SelectSources(ReviewCatalog catalog, CheckScope scope)
    {
        foreach (var id in scope.SourceIds.Where(id => catalog.FindSource(id) is null))
        {
            throw new KeyNotFoundException($"no source '{id}' in {catalog.FilePath}");
        }
        foreach (var id in scope.RunbookIds.Where(id => catalog.FindRunbook(id) is null))
        {
            throw new KeyNotFoundException($"no runbook '{id}' in {catalog.FilePath}");
        }
        if (scope.SourceIds.Count == 0 && scope.RunbookIds.Count == 0)
        {
            return catalog.Sources;
        }
        var wanted = scope.SourceIds.Concat(scope.RunbookIds.SelectMany(r => catalog.FindRunbook(r)!.SourceIds)).ToHashSet();
        return catalog.Sources.Where(s => wanted.Contains(s.Id)).ToList();
    }

    private static HashSet<string> RunbooksInScope(ReviewCatalog catalog, CheckScope scope, IReadOnlyList<SourceDefinition> sources)
    {
        if (scope.RunbookIds.Count > 0)
        {
            return scope.RunbookIds.ToHashSet();
        }
        var checkedIds = sources.Select(s => s.Id).ToHashSet();
        return catalog.Runbooks.Where(r => r.SourceIds.Any(checkedIds.Contains)).Select(r => r.Id).ToHashSet();
    }

    private async Task<SourceVerdict> CheckSourceAsync(CatalogSettings settings, SourceDefinition source, SourceState? previous, CancellationToken cancellationToken)
    {
        // Validators only make sense when we hold the content they vouch for.
        var conditional = previous?.Fingerprint is not null && previous.Url == source.Url.ToString();
        var fetch = await fetcher.FetchAsync(
            new FetchRequest(source.Url, settings, conditional ? previous!.HttpETag : null, conditional ? previous!.HttpLastModified : null),
            cancellationToken);

        ExtractedContent? content = null;
        if (fetch.Status == FetchStatus.Ok)
        {
            try
            {
                content = extractor.Extract(fetch.Body ?? [], fetch.ContentType, fetch.FinalUrl, new ExtractionRules(source.Select, source.Exclude, source.Ignore));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Extraction failed for source {SourceId}", source.Id);
                fetch = fetch with { Status = FetchStatus.Failed, Body = null, Detail = $"the page could not be read: {ex.Message}" };
            }
        }

        var verdict = SourceClassifier.Classify(previous, fetch, content, settings);
        if (verdict.Content is { } extracted && extracted.Fingerprint != previous?.Fingerprint)
        {
            // Idempotent by fingerprint; kept so a diff can show what changed.
            await store.SaveSnapshotAsync(source.Id, extracted.Fingerprint, extracted.Text, cancellationToken);
            if (verdict.Outcome == CheckOutcome.Changed && previous?.Fingerprint is { } before)
            {
                var beforeText = await store.GetSnapshotAsync(source.Id, before, cancellationToken);
                var summary = beforeText is null ? "content changed" : ChangeSummary.Describe(beforeText, extracted.Text);
                verdict = verdict with { Detail = summary };
            }
        }
        // The body is no longer needed; keep per-source memory small.
        return verdict with { Fetch = verdict.Fetch with { Body = null }, Content = verdict.Content is { } c ? c with { Text = "" } : null };
    }

    private static SourceCheckResult ToResult(SourceDefinition source, SourceVerdict verdict) => new()
    {
        Id = source.Id,
        Url = source.Url.ToString(),
        Outcome = verdict.Outcome,
        HttpStatus = verdict.Fetch.HttpStatus,
        FinalUrl = verdict.Fetch.FinalUrl.ToString(),
        Detail = verdict.Detail,
    };

    /// <summary>
    /// Makes the store's citations match the catalog: a new (runbook, source) pair starts from the
    /// source's current version; pairs the catalog no longer has are removed.
    /// </summary>
    private async Task<List<Citation>> SyncCitationsAsync(ReviewCatalog catalog, IReadOnlyDictionary<string, SourceState> states, CancellationToken cancellationToken)
    {
        var existing = await store.GetAllCitationsAsync(cancellationToken);
        var wanted = catalog.Runbooks.SelectMany(r => r.SourceIds.Select(s => (Source: s, Runbook: r.Id))).ToHashSet();
        var have = existing.Select(c => (Source: c.SourceId, Runbook: c.RunbookId)).ToHashSet();

        var added = wanted.Where(p => !have.Contains(p)).Select(p => new Citation
        {
            SourceId = p.Source,
            RunbookId = p.Runbook,
            BaselineFingerprint = states.GetValueOrDefault(p.Source)?.Fingerprint,
            BaselineUrl = states.GetValueOrDefault(p.Source)?.FinalUrl ?? catalog.FindSource(p.Source)?.Url.ToString(),
        }).ToList();
        var removed = existing.Where(c => !wanted.Contains((c.SourceId, c.RunbookId))).ToList();
        if (added.Count > 0)
        {
            await store.SaveCitationsAsync(added, cancellationToken);
        }
        if (removed.Count > 0)
        {
            await store.DeleteCitationsAsync(removed, cancellationToken);
        }
        return existing.Where(c => wanted.Contains((c.SourceId, c.RunbookId))).Concat(added).ToList();
    }

    private async Task ApplyAsync(
        ReviewCatalog catalog,
        IReadOnlyList<SourceDefinition> sources,
        IReadOnlyDictionary<string, SourceVerdict> verdicts,
        IReadOnlyDictionary<string, SourceState> states,
        List<Citation> citations,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var bySource = citations.ToLookup(c => c.SourceId);
        var citationUpdates = new List<Citation>();
        var stateUpdates = new List<SourceState>();
        foreach (var source in sources)
        {
            var verdict = verdicts[source.Id];
            var previous = states.GetValueOrDefault(source.Id);
            var next = NextState(source, previous, verdict, now);
            // Citations first: a crash before the state is saved repeats the verdict next run, and
            // flagging is idempotent; the reverse order could lose a finding.
            citationUpdates.AddRange(Flag(bySource[source.Id], verdict, next, now));
            stateUpdates.Add(next);
        }
        if (citationUpdates.Count > 0)
        {
            await store.SaveCitationsAsync(citationUpdates, cancellationToken);
        }
        foreach (var state in stateUpdates)
        {
            await store.SaveSourceAsync(state, cancellationToken);
        }
    }

    private static SourceState NextState(SourceDefinition source, SourceState? previous, SourceVerdict verdict, DateTimeOffset now)
    {
        var fetch = verdict.Fetch;
        var content = verdict.Content;
        var changed = content is not null && content.Fingerprint != previous?.Fingerprint;
        var ok = fetch.Status is FetchStatus.Ok or FetchStatus.NotModified && verdict.Outcome != CheckOutcome.Broken && verdict.ConsecutiveFailures == 0;
        return new SourceState
        {
            SourceId = source.Id,
            Url = source.Url.ToString(),
            FinalUrl = fetch.FinalUrl.ToString(),
            LastOutcome = verdict.Outcome,
            HttpStatus = fetch.HttpStatus,
            Detail = verdict.Detail,
            LastCheckedAt = now,
            LastChangedAt = changed ? now : previous?.LastChangedAt,
            ConsecutiveFailures = verdict.ConsecutiveFailures,
            Fingerprint = changed ? content!.Fingerprint : previous?.Fingerprint,
            PreviousFingerprint = changed ? previous?.Fingerprint : previous?.PreviousFingerprint,
            LastChangeSummary = verdict.Outcome == CheckOutcome.Changed ? verdict.Detail : previous?.LastChangeSummary,
            // Validators belong to the content we hold; a failed run keeps the old ones.
            HttpETag = ok && fetch.Status == FetchStatus.Ok ? fetch.ETag : previous?.HttpETag,
            HttpLastModified = ok && fetch.Status == FetchStatus.Ok ? fetch.LastModified : previous?.HttpLastModified,
            Version = previous?.Version,
        };
    }

    /// <summary>
    /// Compares each citing runbook against the version it was last reviewed against. An open finding
    /// stays (two edits before a review are one finding) unless a worse one arrives (broken &gt; moved &gt; changed).
    /// </summary>
    private static IEnumerable<Citation> Flag(IEnumerable<Citation> citing, SourceVerdict verdict, SourceState next, DateTimeOffset now)
    {
        foreach (var citation in citing)
        {
            var updated = citation;
            if (citation.BaselineFingerprint is null && next.Fingerprint is not null && verdict.Outcome != CheckOutcome.Broken)
            {
                // First sight of this source for this runbook: the baseline, not a change.
                updated = updated with { BaselineFingerprint = next.Fingerprint, BaselineUrl = citation.BaselineUrl ?? next.Url };
            }

            FindingKind? kind = null;
            string? detail = null;
            string url = next.Url;
            if (verdict.Outcome == CheckOutcome.Broken)
            {
                (kind, detail) = (FindingKind.Broken, verdict.Detail);
            }
            else if (verdict.Fetch.MovedTo is { } movedTo && !UrlComparer.SamePage(movedTo, new Uri(updated.BaselineUrl ?? next.Url)))
            {
                (kind, detail, url) = (FindingKind.Moved, verdict.Detail, movedTo.ToString());
            }
            else if (updated.BaselineFingerprint is { } baseline && next.Fingerprint is { } current && baseline != current)
            {
                (kind, detail) = (FindingKind.Changed, next.LastChangeSummary ?? "content changed");
            }

            if (kind is { } found && (updated.Finding is not { } open || Severity(found) > Severity(open)))
            {
                updated = updated with { Finding = found, DetectedAt = now, FindingDetail = detail, FindingUrl = url };
            }
            if (updated != citation)
            {
                yield return updated;
            }
        }
    }

    private static int Severity(FindingKind kind) => kind switch
    {
        FindingKind.Broken => 3,
        FindingKind.Moved => 2,
        _ => 1,
    };
}
