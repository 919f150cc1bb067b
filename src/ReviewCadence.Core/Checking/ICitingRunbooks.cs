using ReviewCadence.Catalog;
using ReviewCadence.Storage;

namespace ReviewCadence.Checking;

/// <summary>
/// The runbooks citing the checked sources, as a check run needs them: a run drives their findings but the rules are
/// the runbooks' own, so Checking asks through this and Runbooks (above it) implements it
/// (<c>Runbooks.CitingRunbooks</c>); the host wiring registers it.
/// </summary>
internal interface ICitingRunbooks
{
    /// <summary>
    /// Makes the store's citations match the catalog before a run: a new (runbook, source) pair starts from the
    /// source's current version; pairs the catalog no longer has are removed. Returns the citations now stored.
    /// </summary>
    /// <param name="catalog">The catalog of the run.</param>
    /// <param name="states">The sources' states before the run.</param>
    /// <param name="deferNewOf">Sources whose new citations are returned without being saved (and without a version): the
    /// run that checks them saves them once, with what it found (<c>CheckApplier</c>), instead of twice. Null saves all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<Citation>> SyncCitationsAsync(ReviewCatalog catalog, IReadOnlyDictionary<string, SourceState> states, IReadOnlySet<string>? deferNewOf, CancellationToken cancellationToken);

    /// <summary>
    /// The citations of one source that its verdict changes (new findings, first baselines), to be saved. Runbooks citing
    /// only sections of the source are judged on those sections (which reads the source's snapshots).
    /// </summary>
    /// <param name="previous">The source's state before the run (null: never checked).</param>
    /// <param name="next">The source's state after the run.</param>
    /// <param name="now">The run's clock.</param>
    /// <param name="catalog">The catalog of the run.</param>
    /// <param name="citing">The source's citations.</param>
    /// <param name="verdict">What the run found for the source.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<Citation>> FlagAsync(ReviewCatalog catalog, IReadOnlyList<Citation> citing, SourceVerdict verdict, SourceState? previous, SourceState next, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The runbooks of <paramref name="runbookIds"/> as the run's report gives them (status and findings), in catalog order.</summary>
    /// <param name="citations">The citations as stored after the run.</param>
    /// <param name="catalog">The catalog of the run.</param>
    /// <param name="runbookIds">The runbooks to report.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<RunbookCheckResult>> ReportAsync(ReviewCatalog catalog, IReadOnlySet<string> runbookIds, IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken);
}
