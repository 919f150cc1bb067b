using ReviewCadence.Catalog;
using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Checking;

/// <summary>
/// The store side of a check run, shared by <see cref="CheckRunner"/> and the queue fan-out's finaliser:
/// brings the citations in line with the catalog before a run, and applies a conclusive run's verdicts
/// after it (each source's next state, and the findings of the runbooks citing it, whose rules are the runbooks'
/// own: <see cref="ICitingRunbooks"/>). Writes are batched:
/// changed citations in one call, every checked source's state in one call.
/// </summary>
internal sealed class CheckApplier(IReviewStore store, ICitingRunbooks runbooks)
{
    private readonly SourceHistoryRecorder _history = new(store);

    /// <summary>
    /// Makes the store's citations match the catalog before a run (<see cref="ICitingRunbooks.SyncCitationsAsync"/>).
    /// Returns the citations now stored, as an array of the run's own for <see cref="ConcludeAsync"/> to update. New citations
    /// of <paramref name="deferNewOf"/> (the run's own sources, when this process also applies the run) are saved by
    /// <see cref="ConcludeAsync"/> instead, with the run's first baselines: a cold check wrote each of them twice.
    /// </summary>
    public async Task<Citation[]> SyncCitationsAsync(
        ReviewCatalog catalog, IReadOnlyDictionary<string, SourceState> states, IReadOnlySet<string>? deferNewOf, CancellationToken cancellationToken) =>
        [.. await runbooks.SyncCitationsAsync(catalog, states, deferNewOf, cancellationToken)];

    /// <summary>
    /// Records a conclusive run: citations first (a crash before the states are saved repeats the
    /// verdicts next run, and flagging is idempotent; the reverse order could lose a finding), then
    /// every checked source's next state in one batch.
    /// </summary>
    /// <param name="states">The sources' states as read before the run (with their versions).</param>
    /// <param name="keepVersions">The catalog's <c>history.keepVersions</c>.</param>
    /// <param name="now">The run's clock: when the sources were checked.</param>
    /// <returns>The citations as now stored (for the run's report, without reading them all again): <paramref name="citations"/>.</returns>
    /// <param name="catalog">The catalog of the run.</param>
    /// <param name="sources">The sources the run checked.</param>
    /// <param name="verdicts">Each checked source's verdict, by id.</param>
    /// <param name="citations">
    /// The citations as synced before the run, updated in place to the citations as stored: a flagged one replaces its entry,
    /// and the run no longer holds the one it replaced. A first check of 10,000 sources flags all 30,000 of its citations;
    /// working on a copy held both sets while they were written.
    /// </param>
    /// <param name="cancellationToken">Cancels the apply.</param>
    public async Task<IReadOnlyList<Citation>> ApplyAsync(
        ReviewCatalog catalog,
        IReadOnlyList<SourceDefinition> sources,
        IReadOnlyDictionary<string, SourceVerdict> verdicts,
        IReadOnlyDictionary<string, SourceState> states,
        Citation[] citations,
        int keepVersions,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        // Each citation by its index (not through a dictionary of pairs), where a flagged one replaces it.
        var bySource = Enumerable.Range(0, citations.Length).ToLookup(i => citations[i].SourceId);
        var citationUpdates = new List<Citation>();
        var stateUpdates = new List<SourceState>(sources.Count);
        foreach (var source in sources)
        {
            var verdict = verdicts[source.Id];
            var previous = states.GetValueOrDefault(source.Id);
            var next = NextState(source, previous, verdict, now);
            var citingAt = bySource[source.Id].ToList();
            var flagged = await runbooks.FlagAsync(catalog, [.. citingAt.Select(i => citations[i])], verdict, previous, next, now, cancellationToken);
            foreach (var i in citingAt)
            {
                var citation = citations[i];
                if (flagged.FirstOrDefault(f => f.RunbookId == citation.RunbookId) is { } updated)
                {
                    citations[i] = updated;
                    citationUpdates.Add(updated);
                }
                else if (citation.Version is null)
                {
                    // A new citation is saved whether or not the verdict changed it (its save may have been deferred to here).
                    citationUpdates.Add(citation);
                }
            }
            stateUpdates.Add(next);
        }
        if (citationUpdates.Count > 0)
        {
            await store.SaveCitationsAsync(citationUpdates, cancellationToken);
        }
        // History before the states: a crash between the two repeats the verdicts next run, which history absorbs.
        await _history.RecordAsync(
            stateUpdates.Select(next => (states.GetValueOrDefault(next.SourceId), next, verdicts[next.SourceId])),
            citations, keepVersions, now, cancellationToken);
        await store.SaveSourcesAsync(stateUpdates, cancellationToken);
        return citations;
    }

    /// <summary>
    /// Ends a run, for <see cref="CheckRunner"/> and the fan-out's finaliser alike: the outage guard judges all of
    /// its fetches together; a conclusive run is applied (<see cref="ApplyAsync"/>), an inconclusive one changes
    /// nothing and reports its failures uncounted.
    /// </summary>
    /// <returns>Whether the run was conclusive, the verdicts to report, and the citations as now stored (<paramref name="citations"/>, updated in place).</returns>
    public async Task<(bool Conclusive, IReadOnlyDictionary<string, SourceVerdict> Reported, IReadOnlyList<Citation> Citations)> ConcludeAsync(
        ReviewCatalog catalog,
        IReadOnlyList<SourceDefinition> sources,
        IReadOnlyDictionary<string, SourceVerdict> verdicts,
        IReadOnlyDictionary<string, SourceState> states,
        Citation[] citations,
        int keepVersions,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (OutageGuard.IsConclusive(sources.Select(s => (s.Url, verdicts[s.Id].Fetch))))
        {
            return (true, verdicts, await ApplyAsync(catalog, sources, verdicts, states, citations, keepVersions, now, cancellationToken));
        }
        // An inconclusive run changes nothing it found, but the catalog's new citations are kept as synced.
        var checkedIds = sources.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var unsaved = citations.Where(c => c.Version is null && checkedIds.Contains(c.SourceId)).ToList();
        if (unsaved.Count > 0)
        {
            await store.SaveCitationsAsync(unsaved, cancellationToken);
        }
        return (false, Uncounted(sources, verdicts, states), citations);
    }

    /// <summary>
    /// The verdicts an inconclusive run reports: it changes nothing, so a failing fetch is unreachable and its
    /// count stays where it was (<see cref="SourceClassifier.Uncounted"/>).
    /// </summary>
    private static IReadOnlyDictionary<string, SourceVerdict> Uncounted(
        IReadOnlyList<SourceDefinition> sources,
        IReadOnlyDictionary<string, SourceVerdict> verdicts,
        IReadOnlyDictionary<string, SourceState> states) =>
        sources.ToDictionary(s => s.Id, s => SourceClassifier.Uncounted(verdicts[s.Id], states.GetValueOrDefault(s.Id)));

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
}
