using Microsoft.Extensions.Logging;
using ReviewCadence.Catalog;
using ReviewCadence.Diagnostics;
using ReviewCadence.Extraction;
using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Checking;

/// <summary>
/// Checks one source: fetch, extract, classify against its last state, and keep the new content's
/// snapshot. Shared by <see cref="CheckRunner"/> and the queue batches, so both judge a page alike.
/// Returns a small verdict: the body and the extracted text are dropped here.
/// </summary>
internal sealed class SourceChecker(IPageFetcher fetcher, IContentExtractor extractor, IReviewStore store, TimeProvider time, ILogger<SourceChecker> logger)
{
    // Parsing is the CPU-bound step; at most one per core, so the many fetches in flight queue small
    // bodies for it instead of each holding a parsed document at once.
    private readonly SemaphoreSlim _parsing = new(Environment.ProcessorCount);

    /// <summary>Checks <paramref name="source"/>; a new content's snapshot is written through <paramref name="snapshots"/>, which the caller waits for before applying the verdict.</summary>
    public async Task<SourceVerdict> CheckAsync(CatalogSettings settings, SourceDefinition source, SourceState? previous, SnapshotWrites snapshots, CancellationToken cancellationToken)
    {
        // Validators only make sense when we hold the content they vouch for; a page rendered by script can change
        // while its HTML does not, so a browser source is always loaded whole.
        var conditional = previous?.Fingerprint is not null && previous.Url == source.Url.ToString() && source.Render == SourceRender.Http;
        FetchResult fetch;
        using (CheckTimings.Measure(CheckStep.Fetch))
        {
            fetch = await fetcher.FetchAsync(
                new FetchRequest(source.Url, settings, conditional ? previous!.HttpETag : null, conditional ? previous!.HttpLastModified : null, source.Render),
                cancellationToken);
        }

        ExtractedContent? content = null;
        if (fetch.Body is { } body)
        {
            try
            {
                using (CheckTimings.Measure(CheckStep.ParseQueue))
                {
                    await _parsing.WaitAsync(cancellationToken);
                }
                try
                {
                    using var timing = CheckTimings.Measure(CheckStep.Extract);
                    // timeoutSeconds bounds reading the page as it bounds fetching it; the wait for a parsing slot is not counted.
                    var deadline = new ExtractionDeadline(time, ExtractionBudget(settings), cancellationToken);
                    content = extractor.Extract(body.Memory, fetch.ContentType, fetch.FinalUrl, new ExtractionRules(source.Select, source.Exclude, source.Ignore), deadline);
                }
                catch (Exception ex) when (ex is ExtractionTimeoutException or PageTooComplexException)
                {
                    logger.LogWarning("Source {SourceId} not read: {Reason}", source.Id, ex.Message);
                    fetch = fetch with { Status = FetchStatus.Failed, Detail = NotReadDetail(ex, body.Memory.Length) };
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Extraction failed for source {SourceId}", source.Id);
                    fetch = fetch with { Status = FetchStatus.Failed, Detail = $"the page could not be read: {ex.Message}" };
                }
                finally
                {
                    _parsing.Release();
                }
            }
            finally
            {
                // The pooled buffer goes back for the next page; nothing keeps the bytes past extraction.
                body.Dispose();
            }
        }
        fetch = fetch with { Body = null };

        var verdict = SourceClassifier.Classify(previous, fetch, content, settings);
        content = null;
        if (verdict.Content is { } extracted && extracted.Fingerprint != previous?.Fingerprint)
        {
            string? summary = null;
            if (verdict.Outcome == CheckOutcome.Changed && previous?.Fingerprint is { } before)
            {
                var beforeText = await store.GetSnapshotAsync(source.Id, before, cancellationToken);
                summary = beforeText is null ? "content changed" : ChangeSummary.Describe(beforeText, extracted.Text);
            }
            // Idempotent by fingerprint; kept so a diff can show what changed. The store takes what it needs (a
            // compressed copy) when the write starts, so the text is dropped while the write waits for its turn: in a
            // cold run every page saves one, and pages queued behind the store would otherwise live long enough to be
            // promoted and fragment the heap. The run waits for the write before it applies (SnapshotWrites).
            var (sourceId, fingerprint, anchors) = (source.Id, extracted.Fingerprint, source.CitedBySection ? extracted.Anchors : null);
            string? text = extracted.Text;
            verdict = Slim(summary is null ? verdict : verdict with { Detail = summary });
            extracted = null!;
            await snapshots.StartAsync(async () =>
            {
                using (CheckTimings.Measure(CheckStep.SnapshotWrite))
                {
                    var saving = store.SaveSnapshotAsync(sourceId, fingerprint, text!, cancellationToken);
                    text = null;
                    await saving;
                    if (anchors is not null)
                    {
                        // Sections cited by URL fragment are found through them (see PageOutline).
                        await store.SaveSnapshotAnchorsAsync(sourceId, fingerprint, anchors, cancellationToken);
                    }
                }
            }, cancellationToken);
            return verdict;
        }
        if (source.CitedBySection && verdict.Content is { Anchors: { } current } same)
        {
            // Same text, but its ids may be new to the store (a fragment citation added since, an id renamed): keep them current.
            await store.SaveSnapshotAnchorsAsync(source.Id, same.Fingerprint, current, cancellationToken);
        }
        return Slim(verdict);
    }

    /// <summary>The time one page's extraction may take: the source's <c>timeoutSeconds</c>.</summary>
    internal static TimeSpan ExtractionBudget(CatalogSettings settings) => TimeSpan.FromSeconds(Math.Max(1, settings.TimeoutSeconds));

    private static string NotReadDetail(Exception ex, int bytes)
    {
        var size = bytes >= 1_000_000 ? $"{bytes / 1_000_000.0:0.0} MB" : $"{Math.Max(1, bytes / 1000)} KB";
        return ex is ExtractionTimeoutException timeout
            ? $"extraction took longer than the {timeout.Budget.TotalSeconds:0} s budget (timeoutSeconds); the page is {size}; it was not compared this run"
            : $"{ex.Message} (the page is {size}); it was not compared this run";
    }

    /// <summary>
    /// What a run holds per source until it applies the verdicts: a run's live heap sets how much the GC lets it
    /// allocate between collections, so the text, title and content type (needed only to classify) are dropped.
    /// </summary>
    private static SourceVerdict Slim(SourceVerdict verdict) => verdict with
    {
        Content = verdict.Content is { } c ? c with { Text = "", Title = null, Anchors = null } : null,
        Fetch = verdict.Fetch with { ContentType = null },
    };
}
