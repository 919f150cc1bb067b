using ReviewCadence.Catalog;
using ReviewCadence.Storage;

namespace ReviewCadence.Checking;

/// <summary>Builds a run's <see cref="CheckReport"/> (<c>check --json</c>) from its verdicts and the runbooks' statuses after it
/// (from the run's citations as stored, which the caller holds).</summary>
internal sealed class CheckReportBuilder(ICitingRunbooks runbooks)
{
    public async Task<CheckReport> BuildAsync(
        ReviewCatalog catalog,
        CheckScope scope,
        string runId,
        DateTimeOffset startedAt,
        bool conclusive,
        IReadOnlyList<SourceDefinition> sources,
        IReadOnlyDictionary<string, SourceVerdict> verdicts,
        IReadOnlyCollection<Citation> citations,
        CancellationToken cancellationToken)
    {
        var runbookIds = RunbooksInScope(catalog, scope, sources);
        return new CheckReport
        {
            RunId = runId,
            StartedAt = startedAt,
            Conclusive = conclusive,
            Sources = sources.Select(s => ToResult(s, verdicts[s.Id])).ToList(),
            Runbooks = await runbooks.ReportAsync(catalog, runbookIds, citations, cancellationToken),
        };
    }

    public static SourceCheckResult ToResult(SourceDefinition source, SourceVerdict verdict) => new()
    {
        Id = source.Id,
        Url = source.Url.ToString(),
        Outcome = verdict.Outcome,
        HttpStatus = verdict.Fetch.HttpStatus,
        FinalUrl = verdict.Fetch.FinalUrl.ToString(),
        Detail = verdict.Detail,
    };

    private static HashSet<string> RunbooksInScope(ReviewCatalog catalog, CheckScope scope, IReadOnlyList<SourceDefinition> sources)
    {
        if (scope.RunbookIds.Count > 0)
        {
            return scope.RunbookIds.ToHashSet();
        }
        var checkedIds = sources.Select(s => s.Id).ToHashSet();
        return catalog.Runbooks.Where(r => r.SourceIds.Any(checkedIds.Contains)).Select(r => r.Id).ToHashSet();
    }
}
