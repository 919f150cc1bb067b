using ReviewCadence.Storage;

namespace ReviewCadence.Runbooks;

/// <summary>What <see cref="RunbookFindings.Reconcile"/> found to do to the stored citations.</summary>
/// <param name="Added">New (runbook, source) pairs, with their baselines, to save.</param>
/// <param name="Removed">Stored pairs the catalog no longer has, to delete.</param>
/// <param name="Current">The citations once both are done: the kept ones, then the added ones.</param>
internal sealed record CitationChanges(IReadOnlyList<Citation> Added, IReadOnlyList<Citation> Removed, IReadOnlyList<Citation> Current);
