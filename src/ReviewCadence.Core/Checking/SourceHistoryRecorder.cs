using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Checking;

/// <summary>
/// Keeps each source's history as a conclusive check applies its verdicts: a new version when the content's
/// fingerprint changes, the last time the old one was seen, and pruning beyond <c>history.keepVersions</c>.
/// <para>
/// Writes are rare on purpose: a run where a source is unchanged writes nothing here, nor one where it is new. The newest version's
/// "last seen" is the source's last successful check (read from its state, <c>Sources.SourceHistoryService</c>);
/// it is written into the version only when that stops being true: when the content changes, or when the source
/// starts failing (the previous check, which succeeded, is then the last sighting).
/// </para>
/// Idempotent: applying the same run again (a crash between this and the state save) finds the new fingerprint
/// already at the head and adds nothing.
/// </summary>
internal sealed class SourceHistoryRecorder(IReviewStore store)
{
    /// <summary>Records the history of the sources of one conclusive run.</summary>
    /// <param name="changes">Each checked source's state before the run, after it, and its verdict.</param>
    /// <param name="citations">The citations as stored: snapshots a runbook's baseline still names are not deleted.</param>
    /// <param name="keepVersions">The catalog's <c>history.keepVersions</c>.</param>
    /// <param name="now">The run's clock.</param>
    /// <param name="cancellationToken">Cancels the recording.</param>
    public async Task RecordAsync(
        IEnumerable<(SourceState? Previous, SourceState Next, SourceVerdict Verdict)> changes,
        IReadOnlyCollection<Citation> citations,
        int keepVersions,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepVersions, 1);
        List<(SourceState? Previous, SourceState Next, SourceVerdict Verdict)>? work = null;
        foreach (var change in changes)
        {
            if (NeedsWrite(change.Previous, change.Next, change.Verdict))
            {
                (work ??= []).Add(change);
            }
        }
        if (work is null)
        {
            return;
        }

        var baselines = citations.Where(c => c.BaselineFingerprint is not null).ToLookup(c => c.SourceId, c => c.BaselineFingerprint!);
        // Read at once: a cold check reads every source's (empty) history, and one source at a time that was a round trip
        // each, in a row (2,000 of them on the Table store).
        var histories = await store.GetSourceHistoriesAsync([.. work.Select(w => w.Next.SourceId)], cancellationToken);
        var writes = new List<SourceVersion>();
        var prunes = new List<(string SourceId, List<SourceVersion> Pruned, HashSet<string> StillNeeded)>();
        foreach (var (previous, next, verdict) in work)
        {
            var stored = histories[next.SourceId];
            if (stored.Count == 0 && previous?.Fingerprint is null)
            {
                // A source's first content: its version 1 is its state's (read so by Sources.SourceHistoryService, as for a
                // store from before history was kept) and written here once it has something to add, a second version or
                // the last time it was seen. A first check of 10,000 sources writes no history: on the Table store those
                // 10,000 rows were 100 transactions and most of the allocations of its apply (368 MB).
                continue;
            }
            var history = Advance(stored, previous, next, verdict, now);
            var kept = history.Take(keepVersions).ToList();
            writes.AddRange(kept.Where(v => !stored.Contains(v)));
            var pruned = history.Skip(keepVersions).Where(v => stored.Any(s => s.Number == v.Number)).ToList();
            if (pruned.Count > 0)
            {
                var needed = kept.Select(v => v.Fingerprint)
                    .Concat(baselines[next.SourceId])
                    .Concat(new[] { next.Fingerprint, next.PreviousFingerprint }.OfType<string>())
                    .ToHashSet(StringComparer.Ordinal);
                prunes.Add((next.SourceId, pruned, needed));
            }
        }

        // New versions first, then pruning: an interrupted run keeps one version too many, never one too few.
        await store.SaveSourceVersionsAsync(writes, cancellationToken);
        foreach (var (sourceId, pruned, needed) in prunes)
        {
            await store.DeleteSourceVersionsAsync(sourceId, pruned.Select(v => v.Number).ToList(), cancellationToken);
            var unneeded = pruned.Select(v => v.Fingerprint).Where(f => !needed.Contains(f)).Distinct(StringComparer.Ordinal).ToList();
            if (unneeded.Count > 0)
            {
                await store.DeleteSnapshotsAsync(sourceId, unneeded, cancellationToken);
            }
        }
    }

    /// <summary>Whether the check saw the source's content (a fetch that answered with it, or 304).</summary>
    internal static bool Saw(SourceVerdict verdict) =>
        verdict.Content is not null || verdict.Fetch.Status == FetchStatus.NotModified;

    /// <summary>Whether a stored state's last check saw its content: the newest version's "last seen" is then that check.</summary>
    internal static bool LastCheckSaw(SourceState state) =>
        state.Fingerprint is not null
        && state.ConsecutiveFailures == 0
        && state.LastOutcome is CheckOutcome.New or CheckOutcome.Unchanged or CheckOutcome.Changed or CheckOutcome.Moved;

    private static bool NeedsWrite(SourceState? previous, SourceState next, SourceVerdict verdict)
    {
        var changed = next.Fingerprint is not null && next.Fingerprint != previous?.Fingerprint;
        var stoppedSeeing = previous is not null && LastCheckSaw(previous) && !Saw(verdict);
        return changed || stoppedSeeing;
    }

    /// <summary>The history (newest first) after this check; entries that differ from <paramref name="stored"/> are to be written.</summary>
    private static List<SourceVersion> Advance(IReadOnlyList<SourceVersion> stored, SourceState? previous, SourceState next, SourceVerdict verdict, DateTimeOffset now)
    {
        var history = stored.OrderByDescending(v => v.Number).ToList();
        var previousSeenAt = previous is not null && LastCheckSaw(previous) ? previous.LastCheckedAt : null;

        if (history.Count == 0 && previous?.Fingerprint is { } old)
        {
            // A store from before history was kept: its current content becomes version 1.
            var first = previous.LastChangedAt ?? previous.LastCheckedAt ?? now;
            history.Add(new SourceVersion { SourceId = next.SourceId, Number = 1, Fingerprint = old, FirstSeen = first, LastSeen = previousSeenAt ?? first });
        }
        else if (history.Count > 0 && previousSeenAt is { } seen && seen > history[0].LastSeen && history[0].Fingerprint == previous!.Fingerprint)
        {
            history[0] = history[0] with { LastSeen = seen };
        }

        if (next.Fingerprint is { } current && current != previous?.Fingerprint && (history.Count == 0 || history[0].Fingerprint != current))
        {
            history.Insert(0, new SourceVersion
            {
                SourceId = next.SourceId,
                Number = history.Count == 0 ? 1 : history[0].Number + 1,
                Fingerprint = current,
                FirstSeen = now,
                LastSeen = now,
                Summary = history.Count == 0 ? null
                    : verdict.Outcome == CheckOutcome.Changed ? next.LastChangeSummary ?? "content changed"
                    : verdict.Outcome == CheckOutcome.Moved ? $"content changed ({verdict.Detail})"
                    : "content changed",
            });
        }
        return history;
    }
}
