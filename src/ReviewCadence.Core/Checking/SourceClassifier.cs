using ReviewCadence.Catalog;
using ReviewCadence.Checking.Fetching;
using ReviewCadence.Extraction;
using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Checking;

/// <summary>The checking rules of DESIGN.md for one source: fetch result + last state → outcome.</summary>
internal static class SourceClassifier
{
    public static SourceVerdict Classify(SourceState? previous, FetchResult fetch, ExtractedContent? content, CatalogSettings settings)
    {
        var failures = previous?.ConsecutiveFailures ?? 0;
        switch (fetch.Status)
        {
            case FetchStatus.NotModified:
                return new SourceVerdict(Moved(fetch) ? CheckOutcome.Moved : CheckOutcome.Unchanged, MovedDetail(fetch), 0, null, fetch);
            case FetchStatus.NotFound:
                return new SourceVerdict(CheckOutcome.Broken, fetch.Detail ?? NotFoundDetail(fetch), failures + 1, null, fetch);
            case FetchStatus.Failed:
                return Failing(fetch, fetch.Detail ?? "the fetch failed", failures + 1, settings);
        }

        if (content is null)
        {
            throw new ArgumentException("an Ok fetch needs its extracted content", nameof(content));
        }
        if (SoftNotFound.LooksLikeNotFoundPage(content.Title, content.Text))
        {
            return new SourceVerdict(CheckOutcome.Broken, $"the page answers 200 but says \"{content.Title}\" (soft 404)", failures + 1, null, fetch);
        }
        if (content.NothingSelected)
        {
            // The page answered, but the part the catalog watches is not there: its layout changed, or the selector is wrong.
            return Failing(fetch, "the source's select matches nothing on the page (its layout may have changed); fix the selector in the catalog", failures + 1, settings);
        }
        if (content.Thin)
        {
            // Fingerprinting an empty shell would either hide real edits or cry wolf when it fills in.
            var why = content.NeedsBrowser && !fetch.RenderedInBrowser
                ? "the page's content is nearly empty without a browser: a script writes it; set 'render: browser' on the source (and settings.browser) to compare it"
                : fetch.RenderedInBrowser
                    ? "the page's content is nearly empty even rendered in a browser (a bot challenge, or content behind a sign-in); it was not compared"
                    : "the page's content is nearly empty (rendered by script, or a bot challenge); it was not compared";
            return Failing(fetch, why, failures + 1, settings);
        }
        if (Moved(fetch))
        {
            return new SourceVerdict(CheckOutcome.Moved, MovedDetail(fetch), 0, content, fetch);
        }
        var outcome = previous?.Fingerprint is not { } last ? CheckOutcome.New
            : last == content.Fingerprint ? CheckOutcome.Unchanged
            : CheckOutcome.Changed;
        return new SourceVerdict(outcome, null, 0, content, fetch);
    }

    /// <summary>
    /// The verdict of an inconclusive run, where failures say nothing about the source: a failing
    /// fetch is reported as unreachable and its count does not move.
    /// </summary>
    public static SourceVerdict Uncounted(SourceVerdict verdict, SourceState? previous) =>
        verdict.Fetch.Status == FetchStatus.Failed
            ? verdict with { Outcome = CheckOutcome.Unreachable, Detail = verdict.Fetch.Detail ?? verdict.Detail, ConsecutiveFailures = previous?.ConsecutiveFailures ?? 0 }
            : verdict;

    private static SourceVerdict Failing(FetchResult fetch, string detail, int failures, CatalogSettings settings) =>
        failures >= settings.BrokenAfterFailures
            ? new SourceVerdict(CheckOutcome.Broken, $"failing {failures} runs in a row: {detail}", failures, null, fetch)
            : new SourceVerdict(CheckOutcome.Unreachable, detail, failures, null, fetch);

    private static bool Moved(FetchResult fetch) => fetch.MovedTo is not null;

    private static string? MovedDetail(FetchResult fetch) =>
        fetch.MovedTo is { } to ? $"moved permanently to {to}" : fetch.Detail;

    private static string NotFoundDetail(FetchResult fetch) =>
        fetch.HttpStatus is { } status ? $"HTTP {status}" : "not found";
}
